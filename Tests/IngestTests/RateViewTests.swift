import Ingest
import PostgresClient
import Testing
import WireProtocol

@Suite(.serialized) struct RateViewTests {
    /// `pg_stat_database_rates`: per-second rates per database, a counter that fell and a
    /// changed `stats_reset` both count from zero, the first sample has no rate.
    @Test func statDatabaseRatesHandleResets() throws {
        try IngestDatabase.with { database in
            try database.register(["c1", "c2"])
            let t0 = TestBatches.now() - 60_000_000
            let second: Int64 = 1_000_000
            let samples: [(Int64, [(datid: Int64, commits: Int64)], Int64)] = [
                (t0, [(1, 100), (2, 1000)], 5),
                (t0 + 10 * second, [(1, 200), (2, 1500)], 5),  // +100 and +500 over 10 s
                (t0 + 20 * second, [(1, 50), (2, 1600)], 5),   // datid 1 fell: counted from zero, 50 over 10 s
                (t0 + 30 * second, [(1, 80), (2, 40)], 6),     // stats_reset changed: 80 and 40 over 10 s
            ]
            let records = try samples.enumerated().map { index, sample in
                IngestRecord(collectorID: "c1", sequence: UInt64(index + 1),
                             batch: try TestBatches.statDatabase(at: sample.0, rows: sample.1, statsReset: sample.2))
            }
            // Another collector's series does not mix in.
            let other = IngestRecord(collectorID: "c2", sequence: 1, batch: try TestBatches.statDatabase(at: t0 + 15 * second, rows: [(1, 1_000_000)]))
            _ = try IngestWriter(connector: database.connector).write(records + [other])
            let connection = try database.connect()
            let result = try connection.query("""
                SELECT datid, xact_commit_per_second, interval_seconds, was_reset FROM pganalytics.pg_stat_database_rates
                WHERE collector_id = 'c1' ORDER BY datid, "time"
                """)
            let rows = result.rows
            #expect(rows.map { $0[1] } == [.null, .float8(10), .float8(5), .float8(8), .null, .float8(50), .float8(10), .float8(4)])
            #expect(rows.map { $0[2] } == [.null] + Array(repeating: .float8(10), count: 3) + [.null] + Array(repeating: .float8(10), count: 3))
            #expect(rows.map { $0[3] } == [.bool(false), .bool(false), .bool(false), .bool(true), .bool(false), .bool(false), .bool(false), .bool(true)])
        }
    }

    @Test func hostCounterRatesAndEveryRateViewExists() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let t0 = TestBatches.now() - 60_000_000
            func network(_ time: Int64, _ rx: Int64) throws -> Batch {
                try Batch(family: "host_network", sampledAt: time,
                          columns: [.init(name: "interface", type: .text), .init(name: "rx_bytes", type: .int8)],
                          rows: [[.text("eth0"), .int8(rx)], [.text("lo"), .int8(rx * 2)]])
            }
            _ = try IngestWriter(connector: database.connector).write([
                IngestRecord(collectorID: "c1", sequence: 1, batch: try network(t0, 1000)),
                IngestRecord(collectorID: "c1", sequence: 2, batch: try network(t0 + 2_000_000, 3000)),
                IngestRecord(collectorID: "c1", sequence: 3, batch: try network(t0 + 4_000_000, 500)),  // interface reset
            ])
            let connection = try database.connect()
            let result = try connection.query("""
                SELECT rx_bytes_per_second FROM pganalytics.host_network_rates WHERE interface = 'eth0' ORDER BY "time"
                """)
            #expect(result.rows.map { $0[0] } == [.null, .float8(1000), .float8(250)])
            for view in ["pg_stat_database_rates", "pg_stat_statements_rates", "host_cpu_rates", "host_disk_rates", "host_network_rates",
                         "pg_checkpointer_rates", "pg_wal_rates", "pg_stat_io_rates", "pg_tables_rates", "pg_indexes_rates",
                         "pg_archiver_rates", "host_load_rates", "collector_process_rates"] {
                _ = try connection.query("SELECT * FROM pganalytics.\(view) LIMIT 1")
            }
        }
    }
}
