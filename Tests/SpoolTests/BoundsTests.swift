import Foundation
import Spool
import Testing

@Suite("bounds")
struct BoundsTests {
    @Test("dropOldest keeps the spool within maxBytes and counts dropped records and samples, across reopen")
    func dropOldest() throws {
        let dir = TemporaryDirectory()
        let options = testOptions(segmentBytes: 4096, maxBytes: 16384)
        let spool = try Spool.open(directory: dir.spool, options: options)
        for s in UInt64(1)...500 {
            try spool.append(record(s, size: 300), samples: 7)
            #expect(spool.stats.diskBytes <= 16384)
        }
        let stats = spool.stats
        #expect(stats.droppedRecords > 0)
        #expect(stats.droppedSamples == stats.droppedRecords * 7)
        let first = try #require(stats.firstSequence)
        #expect(stats.droppedRecords == first - 1, "everything before the first record on disk was dropped")
        let (records, _) = try readAll(spool, from: first)
        #expect(records.last?.sequence == 500)
        try spool.close()

        let reopened = try Spool.open(directory: dir.spool, options: options)
        defer { try? reopened.close() }
        #expect(reopened.stats.droppedRecords == stats.droppedRecords)
        #expect(reopened.stats.droppedSamples == stats.droppedSamples)
    }

    @Test("dropping a partly acknowledged segment counts only its unacknowledged records")
    func dropPartlyAcknowledged() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions(segmentBytes: 4096, maxBytes: 16384))
        defer { try? spool.close() }
        var s: UInt64 = 1
        while spool.stats.segmentCount < 2 { try spool.append(record(s, size: 300), samples: 5); s += 1 }
        try spool.acknowledge(through: 3)
        while spool.stats.droppedRecords == 0 { try spool.append(record(s, size: 300), samples: 5); s += 1 }
        let first = try #require(spool.stats.firstSequence)
        #expect(spool.stats.droppedRecords == first - 1 - 3)
        #expect(spool.stats.droppedSamples == spool.stats.droppedRecords * 5)
    }

    @Test("block: append throws spoolFull until acknowledgements free space")
    func block() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions(segmentBytes: 4096, maxBytes: 16384, fullPolicy: .block(maxWaitMilliseconds: 0)))
        defer { try? spool.close() }
        var s: UInt64 = 1
        var full: SpoolError?
        while full == nil {
            do { try spool.append(record(s, size: 300), samples: 1); s += 1 } catch { full = error }
        }
        #expect(full?.code == .spoolFull)
        #expect(spool.stats.droppedRecords == 0)
        try spool.acknowledge(through: s - 1)
        try spool.append(record(s, size: 300), samples: 1)
    }

    @Test("block with a wait: append resumes when another thread acknowledges")
    func blockWaits() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions(segmentBytes: 4096, maxBytes: 16384, fullPolicy: .block(maxWaitMilliseconds: 10_000)))
        defer { try? spool.close() }
        var s: UInt64 = 1
        while spool.stats.diskBytes + 400 < 16384 - 4096 { try spool.append(record(s, size: 300), samples: 1); s += 1 }
        let acked = s - 1
        // A plain thread, not a task: the appends below block this thread while they wait.
        let acker = Thread {
            usleep(50_000)
            try? spool.acknowledge(through: acked)
        }
        acker.start()
        let started = monotonicMilliseconds()
        for _ in 0..<15 { try spool.append(record(s, size: 300), samples: 1); s += 1 }
        #expect(monotonicMilliseconds() - started >= 40, "an append waited for the acknowledgement")
        #expect(spool.stats.droppedRecords == 0)
        #expect(spool.stats.acknowledged == acked)
    }

    @Test("maxAge drops old sealed segments")
    func maxAge() throws {
        let dir = TemporaryDirectory()
        var options = testOptions(segmentBytes: 4096)
        try writeSpool(dir.spool, 1...60, size: 300, options: options)
        for path in segmentFiles(dir.spool) {
            var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
            utimensat(AT_FDCWD, path, &times, 0)
        }
        options.maxAgeSeconds = 3600
        let spool = try Spool.open(directory: dir.spool, options: options)
        defer { try? spool.close() }
        try spool.append(record(61, size: 300), samples: 1)
        #expect(spool.stats.droppedRecords == 60)
        #expect(spool.stats.firstSequence == 61)
    }

    @Test("a record that can never fit is refused")
    func tooLarge() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions(segmentBytes: 4096, maxBytes: 8192))
        defer { try? spool.close() }
        do { try spool.append(record(1, size: 5000), samples: 1); Issue.record("accepted") } catch { #expect(error.code == .recordTooLarge) }
    }
}
