import ExecutableTestSupport
import Testing

@Suite("summary")
struct SummaryTests {
    /// The `value` column of the summary line labelled `label`.
    func field(_ result: RunResult, _ label: String) -> String? {
        result.lines.first { $0.hasPrefix(label.padding(toLength: 15, withPad: " ", startingAt: 0)) }.map { String($0.dropFirst(15)) }
    }

    @Test("counts segments, records, rows, families, times, cursor and pending of a rotated spool")
    func summaryNumbers() throws {
        let spool = try TestSpool.make(records: 1...60, acknowledged: 10)
        let onDisk = spool.sequencesOnDisk(last: 60)
        let result = try pgaDump([spool.directory], spool: spool.directory)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(spool.segments.count >= 3, "the fixture rotates across segments")

        let segmentNames = spool.segments.map(baseName)
        #expect(field(result, "segments") == "\(segmentNames.count)  (\(segmentNames.first!) … \(segmentNames.last!))")
        #expect(field(result, "records") == "\(onDisk.count)")
        #expect(field(result, "sequences") == "\(onDisk.lowerBound) – 60")
        #expect(field(result, "time range") == "\(FixtureBatches.iso(onDisk.lowerBound)) – \(FixtureBatches.iso(60))")
        #expect(field(result, "rows") == "\(onDisk.map(FixtureBatches.rowCount).reduce(0, +))")
        #expect(field(result, "families") == "3")
        for family in ["host_load", "pg_stat_bgwriter", "pg_stat_database"] {
            let records = onDisk.filter { FixtureBatches.family($0) == family }
            let rows = records.map(FixtureBatches.rowCount).reduce(0, +)
            let line = try #require(result.lines.first { $0.hasPrefix("  \(family) ") })
            let words = line.split(separator: " ")
            #expect(words == [Substring(family), "\(records.count)", "records", "\(rows)", "rows"], "\(line)")
        }
        #expect(field(result, "cursor") == "acknowledged through sequence 10")
        let pendingFrames = (11...60).map { FixtureBatches.frame($0).count }.reduce(0, +)
        #expect(field(result, "pending") == "50 records, \(pendingFrames) bytes after the cursor (sequences 11 – 60)")
        #expect(field(result, "dropped")?.hasPrefix("0 records, 0 rows") == true)
        #expect(field(result, "damage") == "none found")
    }

    @Test("bytes on disk add up the files; the compression ratio is raw over stored payload bytes")
    func bytesAndRatio() throws {
        let spool = try TestSpool.make(records: 1...30)
        let result = try pgaDump([spool.directory], spool: spool.directory)
        let total = spool.files.map { FileBytes.size(spool.directory + "/" + $0) }.reduce(0, +)
        let segments = spool.segments.map(FileBytes.size).reduce(0, +)
        let bytes = try #require(field(result, "bytes on disk"))
        #expect(bytes.hasPrefix("\(total)  (segments \(segments), indexes "))

        let frames = (UInt64(1)...30).map { FixtureBatches.frame($0) }
        let raw = (UInt64(1)...30).map { FixtureBatches.batch($0).encodedPayload().count }.reduce(0, +)
        let stored = frames.map { $0.count - 32 }.reduce(0, +)
        let ratio = Double(raw) / Double(stored)
        let hundredths = Int((ratio * 100).rounded())
        let expected = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        #expect(field(result, "payload bytes") == "\(raw) raw, \(stored) stored; compression ratio \(expected)")
        #expect(field(result, "cursor") == "nothing acknowledged yet")
    }

    @Test("a single segment file: its records, and the cursor is not read")
    func singleSegment() throws {
        let spool = try TestSpool.make(records: 1...60)
        let second = spool.segments[1]
        let first = UInt64(baseName(second).prefix(20))!
        let next = UInt64(baseName(spool.segments[2]).prefix(20))!
        let result = try pgaDump([second], spool: spool.directory)
        #expect(result.status == 0)
        #expect(field(result, "path") == "\(second) (segment file)")
        #expect(field(result, "records") == "\(next - first)")
        #expect(field(result, "sequences") == "\(first) – \(next - 1)")
        #expect(field(result, "cursor")?.hasPrefix("not read") == true)
    }

    @Test("records dropped by the size bound are shown from the cursor")
    func droppedCounts() throws {
        let spool = try TestSpool.make(records: 1...120, options: TestSpool.options(segmentBytes: 4096, maxBytes: 8192 + 4096))
        let result = try pgaDump([spool.directory, "--json"], spool: spool.directory)
        let summary = try #require(try result.jsonLines().first)
        let dropped = try #require(summary["dropped_records"] as? Int)
        let onDisk = spool.sequencesOnDisk(last: 120)
        #expect(dropped == onDisk.lowerBound - 1, "every record before the first on disk was dropped")
        let droppedRows = (1..<onDisk.lowerBound).map(FixtureBatches.rowCount).reduce(0, +)
        #expect(summary["dropped_rows"] as? Int == droppedRows)
        #expect(summary["dropped_through"] as? Int == Int(onDisk.lowerBound) - 1)
    }

    @Test("acknowledged records still on disk are not pending")
    func acknowledgedNotPending() throws {
        let spool = try TestSpool.make(records: 1...5, acknowledged: 5)
        let result = try pgaDump([spool.directory], spool: spool.directory)
        #expect(result.status == 0)
        #expect(field(result, "records") == "5")
        #expect(field(result, "cursor") == "acknowledged through sequence 5")
        #expect(field(result, "pending") == "0 records, 0 bytes after the cursor")
    }

    @Test("an empty spool (only a cursor) has a summary of zeros")
    func emptySpool() throws {
        let spool = try TestSpool.make(records: 1...5, acknowledged: 5)
        try spool.reopen()
        #expect(spool.segments.isEmpty, "reopening removes acknowledged segments")
        let result = try pgaDump([spool.directory], spool: spool.directory)
        #expect(result.status == 0)
        #expect(field(result, "segments") == "0")
        #expect(field(result, "records") == "0")
        #expect(field(result, "sequences") == "none")
        #expect(field(result, "time range") == "none")
        #expect(field(result, "pending") == "0 records, 0 bytes after the cursor")
    }
}
