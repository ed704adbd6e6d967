#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Ingest
import PostgresClient
import PostgresTestSupport
import Testing
import WireProtocol

/// One migrated scratch database on the test cluster, shared by every test of this target;
/// tests keep apart by using collector ids of their own.
struct ServerDatabase: Sendable {
    let parameters: ConnectionParameters

    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: ServerDatabase?

    /// The shared database, created and migrated on first use.
    static func shared(sourceLocation: SourceLocation = #_sourceLocation) throws -> ServerDatabase {
        try lock.withLock {
            if let made { return made }
            var cluster = try PostgresTestEnvironment.parameters(sourceLocation: sourceLocation)
            cluster.statementTimeoutMilliseconds = 60_000
            cluster.lockTimeoutMilliseconds = 30_000
            let name = ScratchDatabase.randomName(prefix: "pga_ingest_server_")
            let admin = try PostgresConnection(cluster)
            defer { admin.close() }
            try ScratchDatabase.create(name, on: admin)
            var parameters = cluster
            parameters.database = name
            let connection = try PostgresConnection(parameters)
            defer { connection.close() }
            try Migrator(migrations: StandardMigrations.all()).migrate(connection)
            try PartitionMaintainer(catalog: .standard, policy: PartitionPolicy(daysAhead: 1, retentionDays: 3, daysBehind: 1))
                .maintain(connection, today: .today())
            let database = ServerDatabase(parameters: parameters)
            made = database
            return database
        }
    }

    func connect() throws -> PostgresConnection {
        try PostgresConnection(parameters)
    }

    /// Registers every one of `ids`, on one connection.
    func register(_ ids: [String]) throws {
        let connection = try connect()
        defer { connection.close() }
        for id in ids {
            try CollectorStore().register(.init(id: id, name: id, hostname: "\(id).example"), on: connection)
        }
    }

    /// Registers `id` (and revokes it when asked).
    func register(_ id: String, revoked: Bool = false) throws {
        let connection = try connect()
        defer { connection.close() }
        try CollectorStore().register(.init(id: id, name: id, hostname: "\(id).example"), on: connection)
        if revoked { try CollectorStore().revoke(id, on: connection) }
    }

    /// One integer from `sql`.
    func scalar(_ sql: String, _ params: [String?] = []) throws -> Int64? {
        let connection = try connect()
        defer { connection.close() }
        let result = try connection.query(sql, params: params)
        guard let row = result.rows.first else { return nil }
        switch row[0] {
        case .int8(let value): return value
        default: return nil
        }
    }

    /// Rows of `host_load` stored for `collectorID`.
    func hostLoadRows(_ collectorID: String) throws -> Int64 {
        try scalar("SELECT count(*) FROM pganalytics.host_load WHERE collector_id = $1", [collectorID]) ?? -1
    }

    /// Distinct `load1` values stored for `collectorID` (each test batch has its own).
    func distinctHostLoads(_ collectorID: String) throws -> Int64 {
        try scalar("SELECT count(DISTINCT load1) FROM pganalytics.host_load WHERE collector_id = $1", [collectorID]) ?? -1
    }

    /// The collector's committed sequence.
    func committed(_ collectorID: String) throws -> Int64 {
        try scalar("SELECT committed_sequence FROM pganalytics.collectors WHERE id = $1", [collectorID]) ?? -1
    }

    /// The collector's lost records.
    func lost(_ collectorID: String) throws -> Int64 {
        try scalar("SELECT lost_records FROM pganalytics.collectors WHERE id = $1", [collectorID]) ?? -1
    }
}

/// Batches for tests.
enum TestBatch {
    /// Now, in microseconds since 2000-01-01 UTC.
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int64(spec.tv_sec) - 946_684_800) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    /// A one-row `host_load` batch whose load1 is `load1` (so stored rows can be told apart).
    static func hostLoad(_ load1: Double, rows: Int = 1) -> Batch {
        let columns: [ColumnDescriptor] = [.init(name: "load1", type: .float8), .init(name: "load5", type: .float8),
                                           .init(name: "load15", type: .float8), .init(name: "runnable_tasks", type: .int8),
                                           .init(name: "total_tasks", type: .int8)]
        let row: [Value] = [.float8(load1), .float8(0.25), .float8(0.125), .int8(2), .int8(300)]
        return try! Batch(family: "host_load", sampledAt: now(), columns: columns, rows: Array(repeating: row, count: rows))
    }

    /// A BATCH message of `hostLoad(Double(sequence))`.
    static func message(_ sequence: UInt64, rows: Int = 1) -> Message {
        .batch(sequence: sequence, hostLoad(Double(sequence), rows: rows))
    }
}

/// Records for direct submissions to a writer pool.
enum IngestRecordMaker {
    static func make(_ collectorID: String, _ sequence: UInt64) -> IngestRecord {
        IngestRecord(collectorID: collectorID, sequence: sequence, batch: TestBatch.hostLoad(Double(sequence)))
    }
}
