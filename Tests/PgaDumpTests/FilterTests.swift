import Foundation
import Testing

@Suite("filters")
struct FilterTests {
    func sequences(_ arguments: [String], _ spool: TestSpool) throws -> [UInt64] {
        let result = try pgaDump(["--records", "--json"] + arguments + [spool.directory], spool: spool.directory)
        #expect(result.status == 0, "\(result.stderr)")
        return try result.jsonLines().map { UInt64(try #require($0["sequence"] as? Int)) }
    }

    @Test("--family, repeatable")
    func family() throws {
        let spool = try TestSpool.make(records: 1...30)
        #expect(try sequences(["--family", "host_load"], spool) == Array(stride(from: 3, through: 30, by: 3)))
        let two = try sequences(["--family", "host_load", "--family", "pg_stat_bgwriter"], spool)
        #expect(two == (1...30).filter { $0 % 3 != 1 })
        #expect(try sequences(["--family", "no_such_family"], spool).isEmpty)
    }

    @Test("--since and --until with ISO-8601 times, inclusive, with zones")
    func timeRange() throws {
        let spool = try TestSpool.make(records: 1...30)
        // Record n is sampled at 10:00 + (n-1) minutes UTC.
        #expect(try sequences(["--since", "2026-11-03T10:10:00Z", "--until", "2026-11-03T10:14:00Z"], spool) == Array(11...15))
        #expect(try sequences(["--since", "2026-11-03T12:25:00+02:00"], spool) == Array(26...30))
        #expect(try sequences(["--until", "2026-11-03 10:01"], spool) == [1, 2])
        #expect(try sequences(["--since", "2026-11-04"], spool).isEmpty)
    }

    @Test("relative --since: the fixture's 2026 records are older than -15m only if now is later")
    func relativeTimes() throws {
        let spool = try TestSpool.make(records: 1...6)
        let now = Int(Date().timeIntervalSince1970)
        let fixtureIsPast = now > 1_793_700_000 + 3600
        #expect(try sequences(["--since", "-15m"], spool).isEmpty == fixtureIsPast)
        #expect(try sequences(["--until", "-2h"], spool).isEmpty == !fixtureIsPast)
        #expect(try sequences(["--until", "now", "--since", "-1h30m"], spool).isEmpty)
    }

    @Test("--sequence FROM, FROM-TO, FROM-")
    func sequenceRange() throws {
        let spool = try TestSpool.make(records: 1...30)
        #expect(try sequences(["--sequence", "7"], spool) == [7])
        #expect(try sequences(["--sequence", "7-9"], spool) == [7, 8, 9])
        #expect(try sequences(["--sequence", "28-"], spool) == [28, 29, 30])
    }

    @Test("filters combine, and narrow the summary")
    func combinedAndSummary() throws {
        let spool = try TestSpool.make(records: 1...30)
        #expect(try sequences(["--family", "pg_stat_database", "--sequence", "1-12", "--since", "2026-11-03T10:03:00Z"], spool) == [4, 7, 10])
        let result = try pgaDump(["--family", "pg_stat_database", spool.directory], spool: spool.directory)
        #expect(result.lines.contains("filter         --family pg_stat_database"))
        #expect(result.lines.contains("records        10"))
        #expect(result.lines.contains("rows           40"))
    }

    @Test("bad filter values are one-line usage errors with exit status 64")
    func badValues() throws {
        let spool = try TestSpool.make(records: 1...3)
        for arguments in [["--since", "yesterday"], ["--until", "2026-13-01"], ["--sequence", "9-3"], ["--sequence", "x"],
                          ["--family", "Bad-Name"], ["--since", "2026-11-03T11:00:00Z", "--until", "2026-11-03T10:00:00Z"],
                          ["--records", "--rows"], ["--verify", "--records"], ["--verify", "--family", "host_load"]] {
            let result = try pgaDump(arguments + [spool.directory], spool: spool.directory)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.errorLines.count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("pga-dump: "), "\(arguments)")
            #expect(result.stdout.isEmpty)
        }
    }
}
