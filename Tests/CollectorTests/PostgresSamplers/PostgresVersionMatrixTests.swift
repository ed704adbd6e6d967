@testable import Collector
import Foundation
import PostgresClient
import PostgresTestSupport
import Testing
import WireProtocol

/// What the live server's major version yields: tools/test runs this suite against every
/// PostgreSQL of its version matrix. The expectations are written out here from the PostgreSQL
/// release notes, apart from the families' own requirements and column variants, so that a wrong
/// requirement or a variant chosen for the wrong version fails on the server that shows it.
@Suite("PostgreSQL version matrix: families and columns on the live server")
struct PostgresVersionMatrixTests {
    /// Families whose view first appeared after 12, the oldest supported version.
    static let firstMajor = ["pg_stat_io": 16]
    static let statementsFamilies: Set = ["pg_stat_statements", "pg_stat_statements_text"]
    static let standbyFamilies: Set = ["pg_wal_receiver"]

    /// The live server as the test sees it, read without the collector's probe.
    struct Live {
        var major: Int
        var statementsPreloaded: Bool
        var inRecovery: Bool

        static func read(_ connection: PostgresConnection) throws -> Live {
            let result = try connection.query("""
                SELECT current_setting('server_version_num')::int8 / 10000,
                       'pg_stat_statements' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')),
                       pg_is_in_recovery()
                """)
            let row = try #require(result.rows.first)
            return Live(major: Int(try #require(row[0].intValue)), statementsPreloaded: try #require(row[1].boolValue),
                        inRecovery: try #require(row[2].boolValue))
        }

        /// Why `family` cannot be collected here, nil when it can.
        func missing(_ family: String) -> String? {
            if let first = PostgresVersionMatrixTests.firstMajor[family], major < first {
                return "not available on this version: needs PostgreSQL \(first) or later"
            }
            if PostgresVersionMatrixTests.standbyFamilies.contains(family), !inRecovery { return "the server is not a standby" }
            if PostgresVersionMatrixTests.statementsFamilies.contains(family), !statementsPreloaded {
                return "pg_stat_statements is not in shared_preload_libraries"
            }
            return nil
        }
    }

    /// A fresh database with a little of everything in the statistics views. The connection that
    /// did it is closed, so that its table and index counters reach the shared statistics.
    static func prepare(_ database: String) throws -> Live {
        try PostgresTestCluster.createDatabase(database)
        try workload(database)
        let connection = try PostgresTestCluster.connect(database: database)
        defer { connection.close() }
        // A backend sends its counters when it ends, a moment after the close.
        var flushed = false
        for _ in 0..<600 where !flushed {
            let counts = try connection.query("SELECT seq_scan, idx_scan FROM pg_stat_user_tables WHERE relname = 'matrix_items'")
            flushed = counts.rows.first.map { ($0[0].intValue ?? 0) >= 1 && ($0[1].intValue ?? 0) >= 3 } ?? false
            if !flushed { usleep(50_000) }
        }
        #expect(flushed, "the table counters never arrived")
        return try Live.read(connection)
    }

    private static func workload(_ database: String) throws {
        let connection = try PostgresTestCluster.connect(database: database)
        defer { connection.close() }
        try connection.execute("""
            CREATE TABLE matrix_items (id int8 PRIMARY KEY, label text);
            INSERT INTO matrix_items SELECT i, md5(i::text) FROM generate_series(1, 5000) i;
            UPDATE matrix_items SET label = upper(label) WHERE id % 7 = 0;
            ANALYZE matrix_items;
            CHECKPOINT;
            SET enable_seqscan = off
            """)
        for id in [1, 2, 3] {
            _ = try connection.query("SELECT label FROM matrix_items WHERE id = $1", params: [String(id)])
        }
        // A sequential scan with a sort larger than work_mem, so that temp blocks are written.
        try connection.execute("RESET enable_seqscan; SET enable_indexscan = off; SET enable_bitmapscan = off; SET work_mem = '64kB'")
        _ = try connection.query("SELECT count(DISTINCT label || id::text) FROM matrix_items")
    }

    @Test("the families collected are exactly those this version has; the others say why")
    func familiesFollowTheVersion() throws {
        let database = "pga_matrix_families"
        let live = try Self.prepare(database)
        defer { PostgresTestCluster.dropDatabase(database) }
        let sampler = try PostgresSampler.test(database: database)
        let all = sampler.families
        #expect(all.count == 20)
        let expected = Set(all.filter { live.missing($0) == nil })

        for availability in sampler.availability() {
            if let why = live.missing(availability.family) {
                guard case .unavailable(let reason) = availability.status else {
                    Issue.record("PostgreSQL \(live.major): \(availability.family) is \(availability.status), expected unavailable: \(why)")
                    continue
                }
                #expect(reason.hasPrefix(why), "PostgreSQL \(live.major): \(availability.family): \(reason)")
            } else {
                #expect(availability.status == .available, "PostgreSQL \(live.major): \(availability.family) is \(availability.status)")
            }
        }

        let result = sampler.collectAll()
        #expect(result.failures.isEmpty, "PostgreSQL \(live.major): \(result.failures)")
        #expect(Set(result.batches.map(\.family)) == expected, "PostgreSQL \(live.major)")
        #expect(result.batches.count == expected.count, "one batch per family")
    }

    @Test("each version-dependent column is filled exactly on the versions that have it")
    func columnsFollowTheVersion() throws {
        let database = "pga_matrix_columns"
        let live = try Self.prepare(database)
        defer { PostgresTestCluster.dropDatabase(database) }
        let major = live.major
        let slot = "pga_matrix_\(getpid())"
        let admin = try PostgresTestCluster.connect()
        try admin.execute("SELECT pg_create_physical_replication_slot('\(slot)', true)")
        defer {
            try? admin.execute("SELECT pg_drop_replication_slot('\(slot)')")
            admin.close()
        }
        let sampler = try PostgresSampler.test(database: database)
        let result = sampler.collectAll()
        #expect(result.failures.isEmpty, "PostgreSQL \(major): \(result.failures)")

        /// Whether `column` is non-NULL in some row of `rows` equals `present`.
        func filled(_ rows: [[String: Value]], _ column: String, _ present: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(rows.first?[column] != nil, "no column \(column)", sourceLocation: sourceLocation)
            let some = rows.contains { ($0[column] ?? .null) != .null }
            #expect(some == present, "PostgreSQL \(major): \(column) is \(some ? "filled" : "NULL")", sourceLocation: sourceLocation)
        }

        // pg_stat_database: 16 added the logical slot conflicts (pg_stat_database_conflicts), 18
        // the parallel worker counts.
        let databases = result.rows("pg_stat_database").filter { $0["datname"] == .text(database) }
        #expect(databases.count == 1)
        filled(databases, "sessions", true)
        filled(databases, "confl_active_logicalslot", major >= 16)
        filled(databases, "parallel_workers_launched", major >= 18)

        // Tables and indexes: 16 added the last scan times and newpage updates, 18 the time spent
        // in (auto)vacuum and (auto)analyze.
        let tables = result.rows("pg_tables").filter { $0["relname"] == .text("matrix_items") }
        #expect(tables.count == 1)
        #expect(tables.first?["seq_scan"]?.intValue ?? 0 >= 1 && tables.first?["idx_scan"]?.intValue ?? 0 >= 3)
        filled(tables, "n_ins_since_vacuum", true)
        filled(tables, "n_tup_newpage_upd", major >= 16)
        filled(tables, "last_seq_scan", major >= 16)
        filled(tables, "last_idx_scan", major >= 16)
        filled(tables, "total_analyze_time", major >= 18)
        let indexes = result.rows("pg_indexes").filter { $0["indexrelname"] == .text("matrix_items_pkey") }
        #expect(indexes.count == 1)
        filled(indexes, "last_idx_scan", major >= 16)

        // Replication slots: 17 added failover, synced and inactive_since.
        let slots = result.rows("pg_replication_slots").filter { $0["slot_name"] == .text(slot) }
        #expect(slots.count == 1)
        filled(slots, "wal_status", true)
        filled(slots, "two_phase", true)
        filled(slots, "failover", major >= 17)
        filled(slots, "synced", major >= 17)
        filled(slots, "inactive_since", major >= 17)

        // PostgreSQL 17 split pg_stat_checkpointer off pg_stat_bgwriter; 18 added num_done, slru_written.
        let checkpointer = result.rows("pg_checkpointer")
        #expect(checkpointer.count == 1)
        #expect(checkpointer.first?["checkpoints_requested"]?.intValue ?? 0 >= 1, "the CHECKPOINT above")
        filled(checkpointer, "buffers_clean", true)
        filled(checkpointer, "restartpoints_timed", major >= 17)
        filled(checkpointer, "buffers_backend", major < 17)
        filled(checkpointer, "checkpoints_done", major >= 18)
        filled(checkpointer, "slru_written", major >= 18)

        // PostgreSQL 18 moved WAL write and sync counts and times from pg_stat_wal to pg_stat_io.
        let wal = result.rows("pg_wal")
        filled(wal, "wal_records", true)
        filled(wal, "wal_buffers_full", true)
        filled(wal, "wal_write", major < 18)
        filled(wal, "wal_sync_time", major < 18)

        // pg_stat_io came with 16; 18 reports bytes itself and dropped op_bytes.
        if major >= 16 {
            let io = result.rows("pg_stat_io")
            #expect(io.count > 10)
            filled(io, "read_bytes", true)
            filled(io, "hits", true)
            filled(io, "op_bytes", major < 18)
            #expect(io.contains { $0["object"] == .text("wal") } == (major >= 18), "PostgreSQL \(major): WAL rows in pg_stat_io")
        } else {
            #expect(result.batches("pg_stat_io").isEmpty)
        }

        // pg_stat_statements: 17 renamed blk_*_time and added local ones, JIT deform and
        // stats_since; 18 added wal_buffers_full and parallel workers.
        if live.statementsPreloaded {
            let statements = result.rows("pg_stat_statements").filter { $0["queryid"] != .int8(0) }
            #expect(!statements.isEmpty)
            filled(statements, "total_exec_time", true)
            filled(statements, "shared_blk_read_time", true)
            filled(statements, "temp_blk_write_time", true)
            filled(statements, "toplevel", true)
            filled(statements, "local_blk_read_time", major >= 17)
            filled(statements, "jit_deform_count", major >= 17)
            filled(statements, "stats_since", major >= 17)
            filled(statements, "wal_buffers_full", major >= 18)
            filled(statements, "parallel_workers_launched", major >= 18)
            // The sort that spilled, ranked or summed into <other> (other suites' statements compete).
            #expect(result.rows("pg_stat_statements").contains { $0["temp_blks_written"]?.intValue ?? 0 > 0 })
        } else {
            #expect(result.batches("pg_stat_statements").isEmpty)
        }
    }

    @Test("--validate marks each family collected or not available on this version; --dry-run prints the rest")
    func validateAndDryRun() throws {
        let database = "pga_matrix_cli"
        let live = try Self.prepare(database)
        defer { PostgresTestCluster.dropDatabase(database) }
        let pg = try PostgresTestEnvironment.childEnvironment()
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try CLI.writeConfig("""
            [postgres]
            databases = ["\(database)"]
            [spool]
            dir = "\(directory.path)/spool"
            """, in: directory)

        let validate = try CLI.binary.run(["--config", path, "--validate"], environment: pg)
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        #expect(validate.stdout.contains("connected, PostgreSQL \(live.major)"))
        var seen = Set<String>()
        for line in validate.stdout.split(separator: "\n").map(String.init) {
            let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard fields.count == 3, ["+", "-"].contains(fields[0]), fields[1].hasPrefix("pg_") else { continue }
            let family = fields[1], rest = fields[2].trimmingCharacters(in: .whitespaces)
            seen.insert(family)
            if let why = live.missing(family) {
                #expect(fields[0] == "-" && rest.hasPrefix("not collected: \(why)"), "PostgreSQL \(live.major): \(line)")
            } else {
                #expect(fields[0] == "+" && rest.hasPrefix("collected every"), "PostgreSQL \(live.major): \(line)")
            }
        }
        #expect(seen.count == 20, "every PostgreSQL family has a line: \(seen.sorted())")
        #expect(!validate.stdout.lowercased().contains("error"))

        let dryRun = try CLI.binary.run(["--config", path, "--dry-run"], environment: pg)
        #expect(dryRun.status == 0, "\(dryRun.stdout)\(dryRun.stderr)")
        for family in seen where live.missing(family) == nil {
            #expect(dryRun.stdout.contains("\(family)  (postgres:\(database)"), "PostgreSQL \(live.major): --dry-run lacks \(family)")
        }
        for family in seen where live.missing(family)?.hasPrefix("not available on this version") == true {
            #expect(!dryRun.stdout.contains("\(family)  (postgres:"), "PostgreSQL \(live.major): --dry-run printed \(family)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/spool"), "--dry-run must not create the spool")
    }
}
