import Glibc
import Spool
import Testing
import WireProtocol

/// The read-only inspection API: parsers, the cursor read, the directory scan and the segment
/// scanner. None of it may write to the spool or take its lock.
@Suite("inspection")
struct InspectionTests {
    /// Every file of a spool directory with its bytes.
    func snapshot(_ directory: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in (try? SpoolDirectoryScan(directory: directory).names) ?? [] { files[name] = readFile(directory + "/" + name) }
        return files
    }

    /// Steps of a whole scan of `path`.
    func walk(_ path: String, expected: UInt64?) throws -> [SegmentScanner.Step] {
        var scanner = try SegmentScanner(path: path, expected: expected)
        let size = try scanner.size()
        var steps: [SegmentScanner.Step] = []
        while true {
            let step = try scanner.next(size: size)
            steps.append(step)
            switch step {
            case .record: continue
            case .problem, .end: return steps
            }
        }
    }

    @Test("names, header, cursor and index of a written spool parse back")
    func parsersReadWhatTheSpoolWrites() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...100)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        try spool.acknowledge(through: 7)
        try spool.close()
        let before = snapshot(dir.spool)

        let listing = try SpoolDirectoryScan(directory: dir.spool)
        #expect(listing.segments.count >= 3)
        #expect(listing.segments.map(\.firstSequence) == listing.segments.map(\.firstSequence).sorted())
        #expect(listing.segments.first?.name == SegmentName.segment(1))
        #expect(listing.hasCursor)
        #expect(listing.orphanIndexNames.isEmpty && listing.temporaryNames.isEmpty)
        #expect(Set(listing.indexNames) == Set(listing.segments.map { SegmentName.index($0.firstSequence) }))
        for segment in listing.segments {
            let header = try SegmentScanner(path: segment.path, expected: nil).header().get()
            #expect(header.firstSequence == segment.firstSequence)
            let index = readFile(dir.spool + "/" + SegmentName.index(segment.firstSequence))
            let trailer = try #require(SegmentIndex.parseTrailer(Array(index.suffix(SegmentIndex.trailerSize))))
            #expect(trailer.segmentBytes == Int64(fileSize(segment.path)))
            let entries = SegmentIndex.entries(Array(index.dropLast(SegmentIndex.trailerSize)))
            #expect(entries.map { $0?.sequence } == Array(segment.firstSequence...trailer.lastSequence))
            #expect(entries.allSatisfy { $0?.samples == 3 })
        }
        guard case .present(let cursor) = try CursorState.read(directory: dir.spool) else {
            Issue.record("cursor not read")
            return
        }
        #expect(cursor.acknowledged == 7)
        #expect(snapshot(dir.spool) == before)
        #expect(SegmentName.firstSequence(ofSegment: "00000000000000000042.seg") == 42)
        #expect(SegmentName.firstSequence(ofSegment: "0000000000000000042.seg") == nil)
        #expect(SegmentName.firstSequence(ofIndex: "00000000000000000042.idx") == 42)
        #expect(SegmentName.firstSequence(ofSegment: "00000000000000000042.idx") == nil)
    }

    @Test("segment header checks name the field that failed")
    func headerProblems() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...3)
        let header = Array(readFile(segmentFiles(dir.spool)[0]).prefix(SegmentHeader.size))
        func problem(_ bytes: [UInt8]) -> SegmentHeaderProblem? {
            if case .failure(let problem) = SegmentHeader.parse(bytes) { return problem }
            return nil
        }
        #expect(problem(header) == nil)
        #expect(SegmentHeader.hasMagic(header))
        #expect(problem(Array(header.prefix(20)))?.code == "truncatedSegmentHeader")
        var bad = header
        bad[0] = 0x41
        #expect(problem(bad)?.code == "badSegmentMagic")
        #expect(problem(bad)?.offset == 0)
        bad = header
        bad[17] ^= 0x10
        #expect(problem(bad)?.code == "segmentHeaderChecksumMismatch")
        #expect(problem(bad)?.offset == 28)
        #expect(problem(bad)?.detail.hasPrefix("segment header CRC-32C is 0x") == true)
    }

    @Test("cursor read: missing, damaged, and never created or repaired")
    func cursorRead() throws {
        let dir = TemporaryDirectory()
        #expect(try CursorState.read(directory: dir.path) == .missing)
        #expect(try SpoolDirectoryScan(directory: dir.path).names.isEmpty, "reading created nothing")
        try writeSpool(dir.spool, 1...3)
        let path = dir.spool + "/" + CursorState.fileName
        flipBit(path, at: 12)
        let damaged = readFile(path)
        guard case .damaged(let problem) = try CursorState.read(directory: dir.spool) else {
            Issue.record("a flipped bit was not noticed")
            return
        }
        #expect(problem.offset == 60)
        #expect(problem.detail.hasPrefix("cursor CRC-32C is 0x"))
        #expect(readFile(path) == damaged, "the cursor is not reset by a read")
        truncateFile(path, to: 10)
        guard case .damaged(let short) = try CursorState.read(directory: dir.spool) else {
            Issue.record("a short cursor was not noticed")
            return
        }
        #expect(short.offset == 10)
    }

    @Test("a scan yields every record in order, with its bytes, and ends")
    func scanRecords() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...20, options: testOptions(segmentBytes: 1 << 20))
        let path = segmentFiles(dir.spool)[0]
        var scanner = try SegmentScanner(path: path, expected: 1)
        let size = try scanner.size()
        var sequences: [UInt64] = []
        while case .record(let location) = try scanner.next(size: size) {
            #expect(try scanner.payloadMatches(location, size: size))
            #expect(try scanner.recordBytes(location, size: size) == record(location.sequence))
            sequences.append(location.sequence)
        }
        #expect(sequences == Array(1...20))
        #expect(scanner.offset == size)
    }

    @Test("a scan reports torn, zeroed and corrupt places with segment and offset, and changes nothing")
    func scanProblems() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...20, options: testOptions(segmentBytes: 1 << 20))
        let path = segmentFiles(dir.spool)[0]
        let length = record(1).count
        let intact = readFile(path)
        func lastProblem(_ expected: UInt64? = 1) throws -> SegmentProblem? {
            guard case .problem(let problem) = try walk(path, expected: expected).last else { return nil }
            #expect(problem.path == path)
            return problem
        }

        truncateFile(path, to: intact.count - 5)
        let torn = try #require(try lastProblem())
        guard case .truncatedRecord(let header, let available) = torn.kind else { Issue.record("\(torn.kind)"); return }
        #expect(header.sequence == 20 && available == Int64(length - 5))
        #expect(torn.offset == Int64(32 + 19 * length))

        writeFile(path, intact + [UInt8](repeating: 0, count: 100))
        let zeroed = try #require(try lastProblem())
        guard case .zeroed = zeroed.kind else { Issue.record("\(zeroed.kind)"); return }
        #expect(zeroed.offset == Int64(intact.count) && zeroed.remaining == 100)

        writeFile(path, intact)
        flipBit(path, at: 32 + 4 * length + 10)
        let before = snapshot(dir.spool)
        let corrupt = try #require(try lastProblem())
        guard case .corruptHeader(let error) = corrupt.kind else { Issue.record("\(corrupt.kind)"); return }
        #expect(error.code == .headerChecksumMismatch)
        #expect(corrupt.offset == Int64(32 + 4 * length))
        var scanner = try SegmentScanner(path: path, expected: 5)
        scanner.skip(to: corrupt.offset)
        #expect(try scanner.resynchronize(after: corrupt.offset, size: scanner.size()))
        #expect(scanner.offset == Int64(32 + 5 * length))
        #expect(snapshot(dir.spool) == before, "scanning wrote nothing and took no lock")

        writeFile(path, intact)
        guard case .problem(let jump) = try walk(path, expected: 3).first, case .sequenceBreak(let found, let expected) = jump.kind else {
            Issue.record("a wrong first sequence was not noticed")
            return
        }
        #expect(found.sequence == 1 && expected == 3 && jump.offset == 32)
    }

    @Test("recovery reports a bad segment header with the parser's text")
    func recoveryUsesHeaderParser() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...5, options: testOptions(segmentBytes: 1 << 20))
        let path = segmentFiles(dir.spool)[0]
        flipBit(path, at: 17)
        unseal(path)
        guard case .failure(let expected) = SegmentHeader.parse(Array(readFile(path).prefix(SegmentHeader.size))) else {
            Issue.record("the flipped bit was not noticed")
            return
        }
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        let problem = try #require(spool.recovery.problems(.badSegmentHeader).first)
        #expect(problem.detail == expected.detail)
        #expect(try readAll(spool).records.count == 5)
    }
}
