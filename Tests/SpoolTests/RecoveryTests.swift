import Glibc
import Spool
import Testing
import WireProtocol

@Suite("recovery")
struct RecoveryTests {
    /// A spool of records 1...20 whose last segment is unsealed (as after a crash).
    func crashedSpool(_ dir: TemporaryDirectory, records: ClosedRange<UInt64> = 1...20) throws -> String {
        try writeSpool(dir.spool, records, options: testOptions(segmentBytes: 1 << 20))
        let last = segmentFiles(dir.spool).last!
        unseal(last)
        return last
    }

    @Test("torn tail at every byte offset of the last record")
    func tornTailEveryOffset() throws {
        let recordLength = record(20).count
        for cut in 0..<recordLength {
            let dir = TemporaryDirectory()
            let last = try crashedSpool(dir)
            let full = fileSize(last)
            truncateFile(last, to: full - recordLength + cut)
            let spool = try Spool.open(directory: dir.spool, options: testOptions())
            let (records, problems) = try readAll(spool)
            #expect(records.map(\.sequence) == Array(1...19), "cut at \(cut)")
            #expect(problems.isEmpty)
            if cut > 0 { #expect(spool.recovery.problems.map(\.code) == [.tornTail], "cut at \(cut)") }
            #expect(fileSize(last) == full - recordLength, "truncated to the last whole record")
            try spool.append(record(20), samples: 1)
            try spool.close()
        }
    }

    @Test("zero-filled tail is truncated")
    func zeroTail() throws {
        let dir = TemporaryDirectory()
        let last = try crashedSpool(dir)
        let full = fileSize(last)
        writeFile(last, readFile(last) + [UInt8](repeating: 0, count: 8192))
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(spool.recovery.problems.map(\.code) == [.zeroTail])
        #expect(fileSize(last) == full)
        #expect(try readAll(spool).records.count == 20)
    }

    @Test("bit flip in a payload: record skipped, counted, reported; the rest kept")
    func payloadBitFlip() throws {
        let dir = TemporaryDirectory()
        let last = try crashedSpool(dir)
        let recordLength = record(1).count
        let offsetOf5 = 32 + 4 * recordLength
        flipBit(last, at: offsetOf5 + 32 + 10)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        let problem = try #require(spool.recovery.problems.first)
        #expect(problem.code == .badPayloadChecksum)
        #expect(problem.path == last)
        #expect(problem.offset == Int64(offsetOf5))
        #expect(spool.recovery.recordsSkipped == 1)
        let (records, problems) = try readAll(spool)
        #expect(records.map(\.sequence) == Array(1...4) + Array(6...20))
        #expect(problems.map(\.code) == [.badPayloadChecksum])
        #expect(problems.first?.offset == Int64(offsetOf5))
    }

    @Test("bit flip in the payload of the last record is a torn tail")
    func lastPayloadBitFlip() throws {
        let dir = TemporaryDirectory()
        let last = try crashedSpool(dir)
        flipBit(last, at: fileSize(last) - 3)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(spool.recovery.problems.map(\.code) == [.tornTail])
        #expect(try readAll(spool).records.map(\.sequence) == Array(1...19))
    }

    @Test("bit flip in a record header mid-segment: the rest is cut off, reported, and the spool keeps working")
    func headerBitFlip() throws {
        let dir = TemporaryDirectory()
        let last = try crashedSpool(dir)
        let recordLength = record(1).count
        let offsetOf8 = 32 + 7 * recordLength
        flipBit(last, at: offsetOf8 + 9)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        let problem = try #require(spool.recovery.problems.first)
        #expect(problem.code == .corruptRecordHeader)
        #expect(problem.offset == Int64(offsetOf8))
        #expect(fileSize(last) == offsetOf8)
        #expect(try readAll(spool).records.map(\.sequence) == Array(1...7))
        #expect(spool.nextSequence == 8)
        try spool.append(record(8), samples: 1)
        #expect(try readAll(spool).records.map(\.sequence) == Array(1...8))
    }

    @Test("corruption in a sealed segment is caught by the reader")
    func sealedCorruptionCaughtOnRead() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...60, options: testOptions(segmentBytes: 4096))
        let first = segmentFiles(dir.spool)[0]
        flipBit(first, at: 32 + 32 + 5)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(spool.recovery.problems.isEmpty, "sealed segments are trusted, not read")
        let (records, problems) = try readAll(spool)
        #expect(records.first?.sequence == 2)
        #expect(records.count == 59)
        #expect(problems.map(\.code) == [.badPayloadChecksum])
    }

    @Test("truncated segment header: the segment is removed and reported")
    func truncatedSegmentHeader() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...5)
        let spool1 = try Spool.open(directory: dir.spool, options: testOptions())
        try spool1.close()
        let extra = dir.spool + "/00000000000000000006.seg"
        writeFile(extra, Array(readFile(segmentFiles(dir.spool)[0])[0..<20]))
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(spool.recovery.problems.map(\.code) == [.badSegmentHeader])
        #expect(fileSize(extra) == -1)
        #expect(spool.nextSequence == 6)
        try spool.append(record(6), samples: 1)
    }

    @Test("corrupt segment header with intact records: records kept, header rewritten")
    func corruptSegmentHeader() throws {
        let dir = TemporaryDirectory()
        let last = try crashedSpool(dir)
        flipBit(last, at: 17)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        try spool.close()
        #expect(spool.recovery.problems.map(\.code) == [.badSegmentHeader])
        let again = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? again.close() }
        #expect(again.recovery.problems.isEmpty)
        #expect(try readAll(again).records.count == 20)
    }

    @Test("missing cursor: everything unacknowledged, reported")
    func missingCursor() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...10)
        let spool1 = try Spool.open(directory: dir.spool, options: testOptions())
        try spool1.acknowledge(through: 4)
        try spool1.close()
        unlink(dir.spool + "/CURSOR")
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(spool.recovery.problems.map(\.code) == [.cursorMissing])
        #expect(spool.stats.acknowledged == 0)
        #expect(try readAll(spool, from: spool.stats.firstUnacknowledged).records.count == 10)
    }

    @Test("corrupt cursor is reset and reported")
    func corruptCursor() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...3)
        flipBit(dir.spool + "/CURSOR", at: 12)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(spool.recovery.problems.map(\.code) == [.cursorCorrupt])
    }

    @Test("cursor past the end: nothing to read, appends continue above it")
    func cursorPastEnd() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...10)
        let spool1 = try Spool.open(directory: dir.spool, options: testOptions())
        try spool1.acknowledge(through: 10)
        try spool1.close()
        // A cursor written by a newer run whose segments were lost.
        var cursor = readFile(dir.spool + "/CURSOR")
        cursor[15] = 50
        cursor[60..<64] = ArraySlice(withUnsafeBytes(of: CRC32C.checksum(cursor[0..<60]).bigEndian) { Array($0) })
        writeFile(dir.spool + "/CURSOR", cursor)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(spool.recovery.problems.isEmpty)
        #expect(spool.stats.acknowledged == 50)
        #expect(segmentFiles(dir.spool).isEmpty, "segments below the cursor are removed")
        #expect(try spool.reader().next() == nil)
        do { try spool.append(record(11), samples: 1); Issue.record("accepted") } catch { #expect(error.code == .sequenceMismatch) }
        try spool.append(record(51), samples: 1)
        #expect(try readAll(spool, from: 51).records.map(\.sequence) == [51])
    }

    @Test("a segment deleted by hand: the gap is reported, the rest is read")
    func segmentDeletedByHand() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...100, size: 300, options: testOptions(segmentBytes: 4096))
        let segments = segmentFiles(dir.spool)
        unlink(segments[2])
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(spool.recovery.problems.map(\.code) == [.missingRecords])
        let (records, problems) = try readAll(spool)
        #expect(problems.map(\.code) == [.missingRecords])
        #expect(records.count < 100)
        #expect(records.last?.sequence == 100)
        #expect(zip(records, records.dropFirst()).filter { $1.sequence != $0.sequence + 1 }.count == 1)
    }

    @Test("the last segment deleted by hand: appends continue after what remains")
    func lastSegmentDeleted() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...100, size: 300, options: testOptions(segmentBytes: 4096))
        unlink(segmentFiles(dir.spool).last!)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        let next = spool.nextSequence
        #expect(next < 101)
        try spool.append(record(next), samples: 1)
    }

    @Test("recovery reads only unsealed segments")
    func readsOnlyUnsealed() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...200, size: 300, options: testOptions(segmentBytes: 4096))
        unseal(segmentFiles(dir.spool).last!)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(spool.recovery.segmentsScanned == 1)
        #expect(spool.recovery.segmentsTrusted == segmentFiles(dir.spool).count - 1)
        #expect(spool.recovery.problems.isEmpty)
    }

    @Test("lost index entries: samples counted as 0 and reported")
    func lostIndex() throws {
        let dir = TemporaryDirectory()
        let last = try crashedSpool(dir)
        truncateFile(String(last.dropLast(4)) + ".idx", to: 16 * 5)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(spool.recovery.problems.map(\.code) == [.samplesUnknown])
        #expect(try readAll(spool).records.count == 20)
    }
}
