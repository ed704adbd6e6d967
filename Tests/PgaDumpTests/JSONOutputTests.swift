import Foundation
import Testing

@Suite("--json")
struct JSONOutputTests {
    @Test("summary is one JSON object with the summary's numbers")
    func summary() throws {
        let spool = try TestSpool.make(records: 1...30, acknowledged: 4)
        let result = try pgaDump(["--json", spool.directory], spool: spool.directory)
        let objects = try result.jsonLines()
        #expect(objects.count == 1)
        let summary = try #require(objects.first)
        #expect(summary["type"] as? String == "summary")
        let onDisk = spool.sequencesOnDisk(last: 30)
        #expect(summary["records"] as? Int == onDisk.count)
        #expect(summary["first_sequence"] as? Int == Int(onDisk.lowerBound))
        #expect(summary["last_sequence"] as? Int == 30)
        #expect(summary["last_sampled_at"] as? String == FixtureBatches.iso(30))
        #expect(summary["acknowledged"] as? Int == 4)
        #expect(summary["pending_records"] as? Int == 26)
        #expect(summary["segments"] as? Int == spool.segments.count)
        #expect(summary["damaged"] as? Int == 0)
        let families = try #require(summary["families"] as? [[String: Any]])
        #expect(families.map { $0["family"] as? String } == ["host_load", "pg_stat_bgwriter", "pg_stat_database"])
        #expect((summary["compression_ratio"] as? Double ?? 0) > 0)
    }

    @Test("--records --json: one record object per line with the expected fields")
    func records() throws {
        let spool = try TestSpool.make(records: 1...20, acknowledged: 5)
        let objects = try pgaDump(["--records", "--json", spool.directory], spool: spool.directory).jsonLines()
        #expect(objects.count == 20)
        for (index, object) in objects.enumerated() {
            let sequence = UInt64(index + 1)
            #expect(object["type"] as? String == "record")
            #expect(object["sequence"] as? Int == Int(sequence))
            #expect(object["family"] as? String == FixtureBatches.family(sequence))
            #expect(object["rows"] as? Int == FixtureBatches.rowCount(sequence))
            #expect(object["sampled_at"] as? String == FixtureBatches.iso(sequence))
            #expect(object["wire_bytes"] as? Int == FixtureBatches.frame(sequence).count - 32)
            #expect(object["raw_bytes"] as? Int == FixtureBatches.batch(sequence).encodedPayload().count)
            #expect(object["acknowledged"] as? Bool == (sequence <= 5))
            #expect(object["segment"] is String && object["offset"] is Int && object["compressed"] is Bool)
        }
    }

    @Test("--rows --json: one row object per row, values typed")
    func rows() throws {
        let spool = try TestSpool.make(records: 1...3)
        let objects = try pgaDump(["--rows", "--json", spool.directory], spool: spool.directory).jsonLines()
        #expect(objects.count == 4 + 1 + 2)
        #expect(objects.allSatisfy { $0["type"] as? String == "row" })
        let first = try #require(objects.first?["values"] as? [String: Any])
        #expect(first["datname"] as? String == "postgres")
        #expect(first["xact_commit"] as? Int == 100)
        #expect(first["stats_reset"] is NSNull)
        let bgwriter = try #require(objects[4]["values"] as? [String: Any])
        #expect(bgwriter["buffers_ratio"] as? Double == 0.5)
        #expect(bgwriter["healthy"] as? Bool == true)
        let host = try #require(objects[5]["values"] as? [String: Any])
        #expect(host["bytes"] as? String == "12345678901234567890.5")
        #expect(host["tag"] as? String == "\\xdead")
        #expect(objects[6]["row"] as? Int == 1)
    }
}
