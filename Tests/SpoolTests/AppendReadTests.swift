import Glibc
import Spool
import Testing
import WireProtocol

@Suite("append and read")
struct AppendReadTests {
    @Test("records come back byte for byte, in order, across reopen")
    func roundTrip() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...50)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        let (records, problems) = try readAll(spool)
        #expect(problems.isEmpty)
        #expect(records.map(\.sequence) == Array(1...50))
        for r in records { #expect(r.bytes == record(r.sequence)) }
        #expect(try records[7].frame().header.sequence == 8)
        #expect(spool.recovery.problems.isEmpty)
        #expect(spool.recovery.segmentsScanned == 0, "sealed on close, so trusted on open")
    }

    @Test("sequences must increase by exactly one")
    func sequenceRule() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        try spool.append(record(10), samples: 1)
        #expect(throws: SpoolError.self) { try spool.append(record(12), samples: 1) }
        do { try spool.append(record(10), samples: 1) } catch { #expect(error.code == .sequenceMismatch) }
        try spool.append(record(11), samples: 1)
        #expect(spool.nextSequence == 12)
    }

    @Test("invalid frames are refused with invalidRecord")
    func invalidRecord() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        var bad = record(1)
        bad[40] ^= 1
        do { try spool.append(bad, samples: 1); Issue.record("accepted") } catch { #expect(error.code == .invalidRecord) }
        do { try spool.append(Array(record(1).dropLast()), samples: 1); Issue.record("accepted") } catch { #expect(error.code == .invalidRecord) }
        do { try spool.append(Frame.make(type: .ping, rawPayload: [0, 0, 0, 0, 0, 0, 0, 1], compress: false).bytes, samples: 0); Issue.record("accepted") } catch {
            #expect(error.code == .invalidRecord)
        }
    }

    @Test("segments rotate by size and are named by their first sequence")
    func rotation() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...100, size: 300)
        let names = segmentFiles(dir.spool).map { String($0.split(separator: "/").last!) }
        #expect(names.count > 5)
        #expect(names.first == "00000000000000000001.seg")
        for path in segmentFiles(dir.spool) { #expect(fileSize(path) <= 4096) }
        let firsts = names.map { UInt64($0.prefix(20))! }
        #expect(firsts == firsts.sorted())
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        #expect(try readAll(spool).records.map(\.sequence) == Array(1...100))
    }

    @Test("fsync=always returns durable; interval policy reaches durability")
    func durability() async throws {
        let dir = TemporaryDirectory()
        let always = try Spool.open(directory: dir.spool, options: testOptions(fsync: .always))
        let seq = try await always.append(record(1), samples: 1)
        #expect(always.stats.durableSequence >= seq)
        let asyncSeq = try await always.append(record(2), samples: 1)
        #expect(always.stats.durableSequence >= asyncSeq)
        try always.close()

        let interval = try Spool.open(directory: dir.spool, options: testOptions(fsync: .interval(milliseconds: 5)))
        defer { try? interval.close() }
        let last = try await interval.append(record(3), samples: 1)
        try await interval.waitDurable(last)
        #expect(try interval.waitDurable(last, timeoutMilliseconds: 1000))
    }

    @Test("segment header layout matches SPOOL.md")
    func segmentHeaderLayout() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 7...7)
        let bytes = readFile(segmentFiles(dir.spool)[0])
        #expect(Array(bytes[0..<4]) == Array("PGSG".utf8))
        #expect(bytes[4] == 1)
        #expect(bytes[5...7].allSatisfy { $0 == 0 })
        #expect(bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } == 7)
        #expect(bytes[24..<28].allSatisfy { $0 == 0 })
        let crc = bytes[28..<32].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(crc == CRC32C.checksum(bytes[0..<28]))
        #expect(Array(bytes[32...]) == record(7))
    }
}
