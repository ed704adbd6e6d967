import Testing

@Suite("--rows")
struct RowsTests {
    @Test("a table per record under a line naming it; numbers right-aligned, NULL shown")
    func tables() throws {
        let spool = try TestSpool.make(records: 1...3)
        let segment = baseName(spool.segments[0])
        let result = try pgaDump(["--rows", spool.directory], spool: spool.directory)
        #expect(result.status == 0)
        let offset2 = 32 + FixtureBatches.frame(1).count
        let offset3 = offset2 + FixtureBatches.frame(2).count
        let reset = FixtureBatches.iso(1)
        #expect(result.stdout == """
            == record 1  pg_stat_database  \(FixtureBatches.iso(1))  4 rows  (\(segment) offset 32)
            datname   | xact_commit | blks_hit | stats_reset
            ----------+-------------+----------+---------------------
            postgres  |         100 |        0 | NULL
            template1 |         101 |     1000 | \(reset)
            app       |         102 |     2000 | \(reset)
            analytics |         103 |     3000 | \(reset)

            == record 2  pg_stat_bgwriter  \(FixtureBatches.iso(2))  1 row  (\(segment) offset \(offset2))
            checkpoints_timed | buffers_ratio | healthy
            ------------------+---------------+--------
                            2 |           0.5 | true

            == record 3  host_load  \(FixtureBatches.iso(3))  2 rows  (\(segment) offset \(offset3))
            device | load | bytes                  | tag
            -------+------+------------------------+-------
            sda    | 1.25 | 12345678901234567890.5 | \\xdead
            sdb    | NULL |                      3 | \\x

            """)
    }
}
