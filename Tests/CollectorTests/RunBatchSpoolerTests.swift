import Spool
import Testing
import WireProtocol
@testable import Collector

@Suite("framing and splitting batches")
struct RunBatchSpoolerTests {
    func bigBatch(rows: Int) throws -> Batch {
        let columns = [ColumnDescriptor(name: "n", type: .int8), ColumnDescriptor(name: "text", type: .text)]
        var generator = SystemRandomNumberGenerator()
        let values = (0..<rows).map { row -> [Value] in
            let noise = (0..<40).map { _ in Character(Unicode.Scalar(UInt8.random(in: 97...122, using: &generator))) }
            return [.int8(Int64(row)), .text(String(noise))]
        }
        return try Batch(family: "pg_tables", sampledAt: 42, columns: columns, rows: values)
    }

    @Test func tooLargeBatchIsSplitByRowsInOrder() throws {
        let directory = RunTestSupport.temporaryDirectory()
        defer { RunTestSupport.removeTree(directory) }
        let spool = try Spool.open(directory: directory, options: SpoolOptions(fsync: .never, segmentBytes: 1 << 20, maxBytes: 16 << 20))
        let spooler = BatchSpooler(limits: Limits(maxFramePayload: 2000, maxRows: 30))
        let batch = try bigBatch(rows: 200)
        let spooled = try spooler.append(batch, to: spool)
        try spool.close()
        #expect(spooled.rows == 200)
        #expect(spooled.sequences.count > 1)
        let records = try RunTestSupport.readSpool(directory)
        #expect(records.map(\.0) == Array(spooled.sequences))
        var rows: [[Value]] = []
        for (_, piece) in records {
            #expect(piece.rowCount <= 30)
            #expect(piece.family == "pg_tables" && piece.sampledAt == 42)
            rows += piece.rows
        }
        #expect(rows == batch.rows)
    }

    @Test func smallBatchIsOneRecord() throws {
        var sequence: UInt64 = 7
        var frames: [Frame] = []
        try BatchSpooler().forEachFrame(of: try bigBatch(rows: 3), nextSequence: { sequence }) { frame, rows in
            frames.append(frame)
            #expect(rows == 3)
            sequence += 1
        }
        #expect(frames.count == 1)
        #expect(frames[0].header.sequence == 7)
        #expect(frames[0].header.type == .batch)
    }

    @Test func aSingleRowTooLargeIsAnError() throws {
        let spooler = BatchSpooler(limits: Limits(maxFramePayload: 50), compress: false)
        #expect(throws: BatchSpooler.BatchTooLarge.self) {
            try spooler.forEachFrame(of: try bigBatch(rows: 1), nextSequence: { 1 }) { _, _ in }
        }
    }

    @Test func eventsBatch() throws {
        let batch = try CollectorEvent.batch([
            CollectorEvent(family: "pg_locks", severity: .error, message: "bad\u{0}byte", failureCount: 2),
        ], at: SampleTime(microsecondsSince2000: 5))
        #expect(batch.family == "collector_events")
        #expect(batch.rows == [[.text("pg_locks"), .text("error"), .text("badbyte"), .int8(2)]])
    }

    @Test func failureTracker() {
        var tracker = FailureTracker()
        #expect(tracker.record("a", failure: nil) == nil)
        #expect(tracker.record("a", failure: "x")?.severity == .error)
        #expect(tracker.record("a", failure: "x") == nil)
        #expect(tracker.record("a", failure: "y")?.message == "y")
        let recovered = tracker.record("a", failure: nil)
        #expect(recovered?.severity == .info)
        #expect(recovered?.failureCount == 3)
        #expect(tracker.totalFailures == 3)
        #expect(tracker.failing.isEmpty)
    }
}
