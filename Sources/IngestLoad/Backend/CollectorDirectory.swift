import Ingest
import PostgresClient
import WireProtocol

/// The load tool's collectors in the metrics database: registers them as the registrar would
/// (a row in `pganalytics.collectors`), and reads what was committed for them.
public struct CollectorDirectory: Sendable {
    public let database: ConnectionParameters
    public let catalog: FamilyCatalog

    public init(database: ConnectionParameters, catalog: FamilyCatalog = .standard) {
        self.database = database
        self.catalog = catalog
    }

    /// Registers every id (in one transaction); an existing one keeps its committed sequence.
    public func register(_ ids: [String]) throws {
        let connection = try PostgresConnection(database)
        defer { connection.close() }
        try connection.withTransaction { connection in
            for id in ids {
                try CollectorStore().register(.init(id: id, name: id, hostname: "\(id).load.invalid", region: "load"), on: connection)
            }
        }
    }

    /// What the database holds for a set of collectors.
    public struct Committed: Hashable, Sendable {
        /// Rows of those collectors in every family table.
        public var rows: Int64
        /// The sum of their `samples_received`.
        public var samplesReceived: Int64
        /// The highest of their committed sequences.
        public var maxCommittedSequence: Int64
    }

    /// Counts the rows of `ids` in every family table and reads their collectors rows.
    public func committed(_ ids: [String]) throws -> Committed {
        let connection = try PostgresConnection(database)
        defer { connection.close() }
        let array = "{" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "}"
        var rows: Int64 = 0
        for family in catalog.families {
            let result = try connection.query("SELECT count(*) FROM \(family.qualifiedTable) WHERE collector_id = ANY($1::text[])",
                                              params: [array])
            rows += Self.integer(result)
        }
        let result = try connection.query("""
            SELECT coalesce(sum(samples_received), 0)::bigint, coalesce(max(committed_sequence), 0)::bigint
            FROM pganalytics.collectors WHERE id = ANY($1::text[])
            """, params: [array])
        var samples: Int64 = 0
        var sequence: Int64 = 0
        if let row = result.rows.first, case .int8(let s) = row[0], case .int8(let q) = row[1] {
            samples = s
            sequence = q
        }
        return Committed(rows: rows, samplesReceived: samples, maxCommittedSequence: sequence)
    }

    private static func integer(_ result: QueryResult) -> Int64 {
        if let row = result.rows.first, case .int8(let value) = row[0] { return value }
        return 0
    }
}
