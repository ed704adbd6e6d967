import Spool
import Testing

@Suite("acknowledgement")
struct AcknowledgeTests {
    @Test("fully acknowledged segments are deleted; the cursor survives reopen")
    func deleteAfterAck() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        for s in UInt64(1)...100 { try spool.append(record(s, size: 300), samples: 2) }
        let before = segmentFiles(dir.spool).count
        try spool.acknowledge(through: 50)
        let after = segmentFiles(dir.spool)
        #expect(after.count < before)
        #expect(segmentFiles(dir.spool, ext: ".idx").count == after.count)
        let firstLeft = UInt64(after[0].split(separator: "/").last!.prefix(20))!
        #expect(firstLeft <= 51)
        #expect(spool.stats.firstUnacknowledged == 51)
        try spool.acknowledge(through: 20)
        #expect(spool.cursor.acknowledged == 50, "acknowledgements never go back")
        try spool.close()

        let reopened = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? reopened.close() }
        #expect(reopened.stats.acknowledged == 50)
        let reader = reopened.reader()
        #expect(try reader.next()?.sequence == 51)
    }

    @Test("acknowledging everything and reopening leaves an empty spool that continues the sequence")
    func ackEverything() throws {
        let dir = TemporaryDirectory()
        try writeSpool(dir.spool, 1...30, size: 300)
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        try spool.acknowledge(through: 1000)
        #expect(spool.stats.acknowledged == 30, "clamped to the last record")
        try spool.close()
        let reopened = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? reopened.close() }
        #expect(segmentFiles(dir.spool).isEmpty)
        #expect(reopened.nextSequence == 31)
        #expect(reopened.stats.firstUnacknowledged == 0)
    }
}
