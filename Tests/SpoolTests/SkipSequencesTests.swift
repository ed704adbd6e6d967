import Spool
import Testing

@Suite("skipping sequences")
struct SkipSequencesTests {
    @Test("records up to the skipped sequence count as acknowledged and the next record follows it, across a reopen")
    func skipPastTheBackend() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        for s in UInt64(1)...10 { try spool.append(record(s), samples: 1) }
        try spool.acknowledge(through: 4)
        #expect(try spool.skipSequences(through: 100) == 6)
        #expect(spool.nextSequence == 101)
        #expect(spool.cursor.acknowledged == 100)
        #expect(spool.stats.firstUnacknowledged == 0)
        #expect(segmentFiles(dir.spool).isEmpty, "every record was at or below the skipped sequence")
        let refused = #expect(throws: SpoolError.self) { try spool.append(record(11), samples: 1) }
        #expect(refused?.code == .sequenceMismatch)
        try spool.append(record(101), samples: 1)
        try spool.close()

        let reopened = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? reopened.close() }
        #expect(reopened.recovery.problems.isEmpty, "\(reopened.recovery.problems)")
        #expect(reopened.nextSequence == 102)
        let (records, problems) = try readAll(reopened, from: reopened.cursor.acknowledged + 1)
        #expect(records.map(\.sequence) == [101])
        #expect(problems.isEmpty)
    }

    @Test("a sequence at or below the last written changes nothing")
    func noSkipBackwards() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        for s in UInt64(1)...5 { try spool.append(record(s), samples: 1) }
        #expect(try spool.skipSequences(through: 5) == 0)
        #expect(try spool.skipSequences(through: 2) == 0)
        #expect(spool.nextSequence == 6)
        #expect(spool.cursor.acknowledged == 0)
    }
}
