import IngestTestSupport
import PostgresClient
import Testing
import WireProtocol

/// The metrics database of one test: a scratch database on the test cluster, or the database
/// of a cluster the test started.
struct MetricsDatabase: Sendable {
    let parameters: ConnectionParameters

    /// The backend's DATABASE_URL (libpq keyword form).
    var conninfo: String {
        "host=\(parameters.host ?? "127.0.0.1") port=\(parameters.port ?? 5432) user=\(parameters.user ?? "") "
            + "password=\(parameters.password ?? "") dbname=\(parameters.database ?? "") sslmode=disable"
    }

    /// Runs `body` with a new database on the test cluster, dropped afterwards.
    static func withScratch<T>(_ body: (MetricsDatabase) async throws -> T) async throws -> T {
        try await MigratedDatabase.withAsync(prefix: "pga_e2e_", .empty, statementTimeoutMilliseconds: nil, lockTimeoutMilliseconds: nil) {
            try await body(MetricsDatabase(parameters: $0.parameters))
        }
    }

    /// One statement on a new connection.
    func query(_ sql: String, _ params: [String?] = []) throws -> QueryResult {
        let connection = try PostgresConnection(parameters)
        defer { connection.close() }
        return try connection.query(sql, params: params)
    }

    /// The first column of the first row as an integer (the SQL casts it to bigint).
    func integer(_ sql: String, _ params: [String?] = []) throws -> Int64? {
        guard let row = try query(sql, params).rows.first, case .int8(let value) = row[0] else { return nil }
        return value
    }

    /// The collector's row in `pganalytics.collectors`, nil before it registered.
    func collector(_ id: String) throws -> CollectorRow? {
        let result = try query("""
            SELECT committed_sequence::bigint, spool_last_written::bigint, lost_records::bigint,
                   samples_received::bigint, dropped_records::bigint, revoked
            FROM pganalytics.collectors WHERE id = $1
            """, [id])
        guard let row = result.rows.first else { return nil }
        func int(_ index: Int) -> Int64 { if case .int8(let value) = row[index] { value } else { -1 } }
        let revoked = if case .bool(let value) = row[5] { value } else { false }
        return CollectorRow(committedSequence: int(0), spoolLastWritten: int(1), lostRecords: int(2),
                            samplesReceived: int(3), droppedRecords: int(4), revoked: revoked)
    }

    /// The committed sequence of the only collector (0 before any), for polling.
    func committedSequence(_ id: String) -> Int64 {
        (try? collector(id))?.committedSequence ?? 0
    }
}

/// What `pganalytics.collectors` says about one collector.
struct CollectorRow: Equatable {
    var committedSequence: Int64
    var spoolLastWritten: Int64
    var lostRecords: Int64
    var samplesReceived: Int64
    var droppedRecords: Int64
    var revoked: Bool
}
