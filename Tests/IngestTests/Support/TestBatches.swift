import IngestTestSupport
import WireProtocol

/// Batches for tests.
enum TestBatches {
    /// Now, in microseconds since 2000-01-01 UTC.
    static func now() -> Int64 {
        TestClock.now()
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
