import Ingest
import IngestTestSupport
import WireProtocol

/// Batches for tests.
enum TestBatch {
    /// Now, in microseconds since 2000-01-01 UTC.
    static func now() -> Int64 {
        TestClock.now()
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
