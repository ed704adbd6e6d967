import Testing

@Suite("--verify")
struct VerifyTests {
    /// A rotated spool of 60 records and where each record is.
    func damagedSpool(compress: Bool = true) throws -> (TestSpool, [RecordPlace]) {
        let spool = try TestSpool.make(records: 1...60, compress: compress)
        #expect(spool.segments.count >= 3)
        return (spool, spool.layout(compress: compress))
    }

    /// A record in the middle of the second segment.
    func middleOfSecondSegment(_ places: [RecordPlace], _ spool: TestSpool) -> RecordPlace {
        let inSecond = places.filter { $0.segment == spool.segments[1] }
        return inSecond[inSecond.count / 2]
    }

    /// Runs --verify (checking the spool is unchanged) and expects it to fail with `expected`
    /// as the first damaged place.
    func expectDamage(_ spool: TestSpool, startsWith expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try pgaDump(["--verify", spool.directory], spool: spool.directory, sourceLocation: sourceLocation)
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.lines.first?.hasPrefix(expected) == true, "\(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.lines.last?.hasPrefix("verify: ") == true, sourceLocation: sourceLocation)
        #expect(result.lines.last?.hasSuffix("no damage") == false, sourceLocation: sourceLocation)
        let json = try pgaDump(["--verify", "--json", spool.directory], spool: spool.directory, sourceLocation: sourceLocation)
        #expect(json.status == 1, sourceLocation: sourceLocation)
        let objects = try json.jsonLines()
        #expect(objects.last?["type"] as? String == "verify" && objects.last?["ok"] as? Bool == false, sourceLocation: sourceLocation)
        #expect(objects.first?["type"] as? String == "damage", sourceLocation: sourceLocation)
    }

    @Test("a clean spool verifies with exit status 0")
    func clean() throws {
        let spool = try TestSpool.make(records: 1...60, acknowledged: 7)
        let result = try pgaDump(["--verify", spool.directory], spool: spool.directory)
        #expect(result.status == 0)
        let records = spool.sequencesOnDisk(last: 60).count
        #expect(result.stdout == "verify: \(spool.segments.count) segments, \(records) intact records, no damage\n")
        let json = try pgaDump(["--verify", "--json", spool.directory], spool: spool.directory)
        #expect(json.status == 0)
        let verdict = try #require(try json.jsonLines().last)
        #expect(verdict["ok"] as? Bool == true)
        #expect(verdict["records"] as? Int == records)
        #expect(try pgaDump(["--verify", spool.segments[1]], spool: spool.directory).status == 0)
    }

    @Test("bit flip in a payload: payload CRC mismatch at that record; the rest stays intact")
    func payloadBitFlip() throws {
        let (spool, places) = try damagedSpool()
        let victim = middleOfSecondSegment(places, spool)
        FileBytes.flipBit(victim.segment, at: victim.offset + 32 + 3)
        try expectDamage(spool, startsWith: "\(victim.segmentName) offset \(victim.offset): record \(victim.sequence): payloadChecksumMismatch at frame offset 24")
        let result = try pgaDump(["--verify", spool.directory])
        #expect(result.lines.count == 2, "one damaged place and the verdict: \(result.stdout)")
        #expect(result.lines.last == "verify: \(spool.segments.count) segments, 59 intact records, 1 damaged place")
    }

    @Test("bit flip in a record header: header CRC mismatch; the walk resumes at the next record")
    func headerBitFlip() throws {
        let (spool, places) = try damagedSpool()
        let victim = middleOfSecondSegment(places, spool)
        FileBytes.flipBit(victim.segment, at: victim.offset + 10)
        try expectDamage(spool, startsWith: "\(victim.segmentName) offset \(victim.offset): headerChecksumMismatch at frame offset 28")
        let result = try pgaDump(["--verify", spool.directory])
        #expect(result.lines[0].hasSuffix("bytes skipped to the next intact record header at offset \(victim.offset + victim.length)"))
        #expect(result.lines.last?.contains("59 intact records") == true)
    }

    @Test("torn tail: the last record is cut short")
    func tornTail() throws {
        let (spool, places) = try damagedSpool()
        let last = places.last!
        FileBytes.truncate(last.segment, to: last.offset + last.length - 5)
        try expectDamage(spool, startsWith: "\(last.segmentName) offset \(last.offset): record 60: truncatedPayload")
    }

    @Test("torn tail inside a record header")
    func tornHeader() throws {
        let (spool, places) = try damagedSpool()
        let last = places.last!
        FileBytes.truncate(last.segment, to: last.offset + 20)
        try expectDamage(spool, startsWith: "\(last.segmentName) offset \(last.offset): truncatedHeader")
    }

    @Test("zeroed region over record boundaries")
    func zeroedRegion() throws {
        let (spool, places) = try damagedSpool()
        let victim = middleOfSecondSegment(places, spool)
        FileBytes.zero(victim.segment, at: victim.offset, count: victim.length + 10)
        try expectDamage(spool, startsWith: "\(victim.segmentName) offset \(victim.offset): zeroedRegion")
    }

    @Test("zeroed region inside a payload is a payload CRC mismatch of that record")
    func zeroedPayload() throws {
        let (spool, places) = try damagedSpool()
        let victim = middleOfSecondSegment(places, spool)
        FileBytes.zero(victim.segment, at: victim.offset + 40, count: 16)
        try expectDamage(spool, startsWith: "\(victim.segmentName) offset \(victim.offset): record \(victim.sequence): payloadChecksumMismatch")
    }

    @Test("truncated segment header, and the records it held are missing before the next segment")
    func truncatedSegmentHeader() throws {
        let (spool, _) = try damagedSpool()
        let second = spool.segments[1]
        FileBytes.truncate(second, to: 20)
        try expectDamage(spool, startsWith: "\(baseName(second)) offset 0: truncatedSegmentHeader")
        let result = try pgaDump(["--verify", spool.directory])
        #expect(result.lines.contains { $0.hasPrefix("\(baseName(spool.segments[2])) offset 0: missingRecords") })
    }

    @Test("bit flip in a segment header")
    func segmentHeaderBitFlip() throws {
        let (spool, _) = try damagedSpool()
        FileBytes.flipBit(spool.segments[2], at: 17)
        try expectDamage(spool, startsWith: "\(baseName(spool.segments[2])) offset 28: segmentHeaderChecksumMismatch")
    }

    @Test("a payload with valid CRCs that does not decompress")
    func decompressionFailure() throws {
        let (spool, places) = try damagedSpool()
        let compressed = places.filter { FixtureBatches.frame($0.sequence)[4] & 0x01 != 0 }
        let victim = try #require(compressed.first { $0.segment == spool.segments[1] })
        try FrameSurgery.replacePayload(of: victim) { payload in
            for i in payload.indices { payload[i] = 0xFF }
        }
        try expectDamage(spool, startsWith: "\(victim.segmentName) offset \(victim.offset): record \(victim.sequence): decompress")
    }

    @Test("a BATCH payload with valid CRCs that does not decode")
    func batchDecodeFailure() throws {
        let (spool, places) = try damagedSpool(compress: false)
        let victim = middleOfSecondSegment(places, spool)
        try FrameSurgery.replacePayload(of: victim) { payload in payload[1] = UInt8(ascii: "A") }
        try expectDamage(spool, startsWith: "\(victim.segmentName) offset \(victim.offset): record \(victim.sequence): invalidName at payload offset 0")
    }

    @Test("a missing segment in the middle breaks sequence continuity")
    func missingSegment() throws {
        let (spool, _) = try damagedSpool()
        let third = spool.segments[2]
        let secondFirst = UInt64(baseName(spool.segments[1]).prefix(20))!
        let thirdFirst = UInt64(baseName(third).prefix(20))!
        FileBytes.remove(spool.segments[1])
        try expectDamage(spool, startsWith: "\(baseName(third)) offset 0: missingRecords: sequences \(secondFirst) through \(thirdFirst - 1) are in no segment")
    }

    @Test("a corrupt cursor file")
    func corruptCursor() throws {
        let (spool, _) = try damagedSpool()
        FileBytes.flipBit(spool.directory + "/CURSOR", at: 12)
        try expectDamage(spool, startsWith: "CURSOR offset 60: cursorCorrupt")
    }

    @Test("the summary and listings still work on a damaged spool and name the damage on standard error")
    func damagedSummary() throws {
        let (spool, places) = try damagedSpool()
        let victim = middleOfSecondSegment(places, spool)
        FileBytes.flipBit(victim.segment, at: victim.offset + 32 + 3)
        let summary = try pgaDump([spool.directory], spool: spool.directory)
        #expect(summary.status == 0)
        #expect(summary.lines.contains("records        59"))
        #expect(summary.errorLines.count == 1)
        #expect(summary.stderr.hasPrefix("pga-dump: damaged: \(victim.segmentName) offset \(victim.offset): record \(victim.sequence): payloadChecksumMismatch at frame offset 24: "))
        let records = try pgaDump(["--records", "--json", spool.directory], spool: spool.directory)
        let objects = try records.jsonLines()
        #expect(objects.filter { $0["type"] as? String == "record" }.count == 59)
        let damage = try #require(objects.first { $0["type"] as? String == "damage" })
        #expect(damage["offset"] as? Int == victim.offset)
        #expect(damage["file"] as? String == victim.segmentName)
        #expect(damage["code"] as? String == "payloadChecksumMismatch")
        let elsewhere = try pgaDump(["--records", "--sequence", "1-2", spool.directory], spool: spool.directory)
        #expect(elsewhere.stderr.isEmpty, "damage outside --sequence is not shown")
        #expect(elsewhere.lines.count == 3)
    }
}
