#if canImport(Glibc)
import Glibc
#endif
import Ingest
import PostgresClient
import PostgresTestSupport
import Testing
import WireProtocol

/// A database of its own for one test, on the throwaway cluster that tools/test (or
/// `source tools/pg-cluster && pga_cluster_start`) exported; missing variables fail the test.
struct IngestDatabase {
    let parameters: ConnectionParameters
    let name: String

    /// The cluster's own database (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), with the
    /// generous timeouts that migrations and COPY need.
    static func clusterParameters(sourceLocation: SourceLocation = #_sourceLocation) throws -> ConnectionParameters {
        var parameters = try PostgresTestEnvironment.parameters(sourceLocation: sourceLocation)
        parameters.statementTimeoutMilliseconds = 60_000
        parameters.lockTimeoutMilliseconds = 10_000
        return parameters
    }

    /// Creates `pga_ingest_<random>`, runs `body` with it and drops it afterwards.
    static func with<T>(migrate catalog: FamilyCatalog? = .standard, _ body: (IngestDatabase) throws -> T) throws -> T {
        let cluster = try clusterParameters()
        let name = ScratchDatabase.randomName(prefix: "pga_ingest_")
        let admin = try PostgresConnection(cluster)
        try ScratchDatabase.create(name, on: admin)
        defer {
            ScratchDatabase.drop(name, on: admin)
            admin.close()
        }
        var parameters = cluster
        parameters.database = name
        let database = IngestDatabase(parameters: parameters, name: name)
        if let catalog {
            let connection = try database.connect()
            try Migrator(migrations: StandardMigrations.all(catalog: catalog)).migrate(connection)
            try PartitionMaintainer(catalog: catalog, policy: PartitionPolicy(daysAhead: 1, retentionDays: 3, daysBehind: 1))
                .maintain(connection, today: .today())
            connection.close()
        }
        return try body(database)
    }

    /// The async flavour of `with`.
    static func withAsync<T>(migrate catalog: FamilyCatalog? = .standard, _ body: (IngestDatabase) async throws -> T) async throws -> T {
        let cluster = try clusterParameters()
        let name = ScratchDatabase.randomName(prefix: "pga_ingest_")
        let admin = try PostgresConnection(cluster)
        try ScratchDatabase.create(name, on: admin)
        var parameters = cluster
        parameters.database = name
        let database = IngestDatabase(parameters: parameters, name: name)
        do {
            if let catalog {
                let connection = try database.connect()
                try Migrator(migrations: StandardMigrations.all(catalog: catalog)).migrate(connection)
                try PartitionMaintainer(catalog: catalog, policy: PartitionPolicy(daysAhead: 1, retentionDays: 3, daysBehind: 1))
                    .maintain(connection, today: .today())
                connection.close()
            }
            let value = try await body(database)
            ScratchDatabase.drop(name, on: admin)
            return value
        } catch {
            ScratchDatabase.drop(name, on: admin)
            throw error
        }
    }

    func connect() throws -> PostgresConnection {
        try PostgresConnection(parameters)
    }

    /// A connector for writers.
    var connector: IngestWriter.Connector {
        let parameters = parameters
        return { () throws(PostgresError) in try PostgresConnection(parameters) }
    }

    /// Registers collectors `ids`.
    func register(_ ids: [String]) throws {
        let connection = try connect()
        defer { connection.close() }
        for id in ids {
            try CollectorStore().register(.init(id: id, name: id, hostname: "\(id).example"), on: connection)
        }
    }

    /// One integer from `sql`.
    func scalar(_ sql: String, params: [String?] = []) throws -> Int64? {
        let connection = try connect()
        defer { connection.close() }
        let result = try connection.query(sql, params: params)
        guard let row = result.rows.first else { return nil }
        if case .int8(let value) = row[0] { return value }
        return nil
    }
}

/// Batches for tests.
enum TestBatches {
    /// Now, in microseconds since 2000-01-01 UTC.
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int64(spec.tv_sec) - 946_684_800) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    /// A `host_load` batch with one row.
    static func hostLoad(at time: Int64 = now(), load1: Double = 0.5, extraColumn: Bool = false, dropForks: Bool = false) throws -> Batch {
        var columns: [ColumnDescriptor] = [.init(name: "load1", type: .float8), .init(name: "load5", type: .float8),
                                           .init(name: "load15", type: .float8), .init(name: "runnable_tasks", type: .int8),
                                           .init(name: "total_tasks", type: .int8), .init(name: "context_switches", type: .int8)]
        var row: [Value] = [.float8(load1), .float8(0.25), .float8(0.125), .int8(2), .int8(300), .int8(1000)]
        if !dropForks {
            columns.append(.init(name: "forks", type: .int8))
            row.append(.int8(77))
        }
        if extraColumn {
            columns.append(.init(name: "brand_new_gauge", type: .int8))
            row.append(.int8(42))
        }
        return try Batch(family: "host_load", sampledAt: time, columns: columns, rows: [row])
    }

    /// A `pg_stat_database` batch: one row per (datid, xact_commit).
    static func statDatabase(at time: Int64 = now(), rows: [(datid: Int64, commits: Int64)] = [(1, 100)],
                             statsReset: Int64? = 0) throws -> Batch {
        let columns: [ColumnDescriptor] = [.init(name: "datid", type: .int8), .init(name: "datname", type: .text),
                                           .init(name: "xact_commit", type: .int8), .init(name: "blk_read_time", type: .float8),
                                           .init(name: "stats_reset", type: .timestamptz)]
        return try Batch(family: "pg_stat_database", sampledAt: time, columns: columns, rows: rows.map {
            [.int8($0.datid), .text("db\($0.datid)"), .int8($0.commits), .float8(Double($0.commits) / 10),
             statsReset.map(Value.timestamptz) ?? .null]
        })
    }
}
