import Testing

@Suite("--records")
struct RecordsTests {
    @Test("one line per record after a heading: segment, offset, sequence, time, family, rows, wire and raw bytes")
    func recordLines() throws {
        let spool = try TestSpool.make(records: 1...40)
        let result = try pgaDump(["--records", spool.directory], spool: spool.directory)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.lines
        #expect(lines.first?.split(separator: " ") == ["SEGMENT", "OFFSET", "SEQUENCE", "TIME", "FAMILY", "ROWS", "WIRE", "RAW"])
        #expect(lines.count == 41)

        // Offsets follow from the frame sizes: each segment starts after its 32-byte header.
        var expected: [[String]] = []
        for segment in spool.segments {
            let name = baseName(segment)
            var offset = 32
            var sequence = UInt64(name.prefix(20))!
            while offset < FileBytes.size(segment) {
                let frame = FixtureBatches.frame(sequence)
                let raw = FixtureBatches.batch(sequence).encodedPayload().count
                expected.append([name, "\(offset)", "\(sequence)", FixtureBatches.iso(sequence), FixtureBatches.family(sequence),
                                 "\(FixtureBatches.rowCount(sequence))", "\(frame.count - 32)", "\(raw)"])
                offset += frame.count
                sequence += 1
            }
        }
        #expect(lines.dropFirst().map { $0.split(separator: " ").map(String.init) } == expected)
    }

    @Test("columns line up")
    func aligned() throws {
        let spool = try TestSpool.make(records: 1...12)
        let lines = try pgaDump(["--records", spool.directory]).lines
        let familyColumn = try #require(lines[0].range(of: "FAMILY")).lowerBound.utf16Offset(in: lines[0])
        for line in lines.dropFirst() {
            let family = FixtureBatches.family(UInt64(line.split(separator: " ")[2])!)
            #expect(line.range(of: family)?.lowerBound.utf16Offset(in: line) == familyColumn, "\(line)")
        }
    }
}
