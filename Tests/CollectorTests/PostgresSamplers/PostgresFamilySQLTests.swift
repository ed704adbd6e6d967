@testable import Collector
import Testing

/// The SQL each family chooses for every supported major version, checked without a server of
/// that version: the right column names appear and disappear, and the wire columns never change.
@Suite("PostgreSQL family SQL per version")
struct PostgresFamilySQLTests {
    static var families: [any PostgresFamily] { PostgresFamilies.make() }

    static func family(_ name: String) -> any PostgresFamily {
        families.first { $0.name == name }!
    }

    /// The wire column names of a statement: every `::type AS name` (each select item is cast).
    static func wireColumns(_ sql: String) -> [String] {
        let pieces = sql.components(separatedBy: " AS ")
        return pieces.indices.dropFirst().compactMap { index in
            let before = pieces[index - 1]
            let type = before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !type.isEmpty, before.dropLast(type.count).hasSuffix("::") else { return nil }
            let name = pieces[index].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return name.isEmpty ? nil : String(name)
        }
    }

    @Test("every family has SQL for 12 through 18 (pg_stat_io from 16), none before 12 is needed")
    func everyVersion() {
        for family in Self.families {
            for version in PostgresVersion.majors {
                let sql = family.sql(forServerVersion: version)
                if family.name == "pg_stat_io", version < PostgresVersion.v16 {
                    #expect(sql == nil)
                } else {
                    #expect(sql != nil, "\(family.name) on \(version)")
                }
            }
            #expect(family.requirements.minimumServerVersion >= PostgresVersion.v12)
        }
        #expect(Set(Self.families.map(\.name)).count == Self.families.count)
        #expect(Self.families.map(\.name) == [
            "pg_cluster", "pg_settings_changed", "pg_stat_database", "pg_activity", "pg_locks", "pg_blocking",
            "pg_stat_statements", "pg_stat_statements_text", "pg_replication", "pg_replication_slots", "pg_wal_receiver",
            "pg_wal", "pg_checkpointer", "pg_archiver", "pg_stat_io", "pg_autovacuum",
            "pg_tables", "pg_indexes", "pg_vacuum_progress", "pg_extensions",
        ])
    }

    @Test("each family sends the same wire columns, in the same order, on every version")
    func stableColumns() {
        for family in Self.families {
            let versions = PostgresVersion.majors.filter { family.sql(forServerVersion: $0) != nil }
            let newest = Self.wireColumns(family.sql(forServerVersion: PostgresVersion.v18)!)
            #expect(!newest.isEmpty, "\(family.name)")
            #expect(Set(newest).count == newest.count, "\(family.name): duplicate column")
            for version in versions {
                #expect(Self.wireColumns(family.sql(forServerVersion: version)!) == newest, "\(family.name) on \(version)")
            }
        }
    }

    /// (family, version, must contain, must not contain)
    static let expectations: [(String, Int, [String], [String])] = [
        ("pg_stat_statements", 120000, ["(s.total_time)", "(s.blk_read_time)", "(s.min_time)", "NULL::int8 AS plans", "NULL::bool AS toplevel"],
         ["s.total_exec_time", "s.plans", "s.wal_bytes", "s.jit_functions", "pg_stat_statements_info"]),
        ("pg_stat_statements", 130000, ["(s.total_exec_time)", "(s.total_plan_time)", "(s.plans)", "(s.wal_bytes)", "(s.blk_read_time)"],
         ["s.total_time)", "s.toplevel", "s.jit_functions", "pg_stat_statements_info"]),
        ("pg_stat_statements", 140000, ["(s.toplevel)", "pg_stat_statements_info"], ["s.jit_functions", "s.temp_blk_read_time"]),
        ("pg_stat_statements", 150000, ["(s.jit_functions)", "(s.temp_blk_read_time)", "(s.jit_emission_time)", "(s.blk_write_time)"],
         ["s.shared_blk_read_time", "s.stats_since", "s.jit_deform_count"]),
        ("pg_stat_statements", 160000, ["(s.jit_functions)", "(s.blk_read_time)"], ["s.local_blk_read_time"]),
        ("pg_stat_statements", 170000, ["(s.shared_blk_read_time)", "(s.local_blk_write_time)", "(s.stats_since)", "(s.minmax_stats_since)",
                                        "(s.jit_deform_time)"], ["(s.blk_read_time)", "s.parallel_workers_to_launch"]),
        ("pg_stat_statements", 180000, ["(s.parallel_workers_to_launch)", "(s.wal_buffers_full)", "(s.shared_blk_write_time)"], ["(s.blk_write_time)"]),
        ("pg_stat_statements_text", 130000, ["pg_stat_statements(true)"], ["toplevel"]),
        ("pg_stat_statements_text", 140000, ["s.toplevel DESC"], []),
        ("pg_stat_database", 130000, ["(d.checksum_failures)", "(c.confl_deadlock)", "pg_database_size", "age(db.datfrozenxid)"],
         ["d.sessions", "d.session_time"]),
        ("pg_stat_database", 140000, ["(d.session_time)", "(d.sessions_killed)"], ["c.confl_active_logicalslot"]),
        ("pg_stat_database", 160000, ["(c.confl_active_logicalslot)"], ["d.parallel_workers_launched"]),
        ("pg_stat_database", 180000, ["(d.parallel_workers_to_launch)", "(d.parallel_workers_launched)"], []),
        ("pg_checkpointer", 160000, ["FROM pg_stat_bgwriter b", "(b.checkpoints_timed)", "(b.buffers_backend_fsync)"],
         ["pg_stat_checkpointer", "c.num_timed"]),
        ("pg_checkpointer", 170000, ["pg_stat_checkpointer c", "(c.num_timed)", "(c.restartpoints_done)", "(c.buffers_written)", "(b.buffers_clean)"],
         ["b.checkpoints_timed", "b.buffers_backend", "c.num_done", "c.slru_written"]),
        ("pg_checkpointer", 180000, ["(c.num_done)", "(c.slru_written)"], []),
        ("pg_wal", 130000, ["pg_current_wal_lsn()", "pg_walfile_name"], ["pg_stat_wal", "w.wal_records"]),
        ("pg_wal", 140000, ["FROM pg_stat_wal w", "(w.wal_write_time)", "(w.wal_bytes)"], []),
        ("pg_wal", 180000, ["FROM pg_stat_wal w", "(w.wal_buffers_full)"], ["w.wal_write", "w.wal_sync"]),
        ("pg_stat_io", 160000, ["(i.op_bytes)", "i.reads * i.op_bytes"], ["(i.read_bytes)"]),
        ("pg_stat_io", 180000, ["(i.read_bytes)", "(i.extend_bytes)"], ["i.op_bytes"]),
        ("pg_tables", 120000, ["pg_total_relation_size", "(io.heap_blks_hit)", "age(c.relfrozenxid)"], ["s.n_ins_since_vacuum", "s.last_seq_scan"]),
        ("pg_tables", 130000, ["(s.n_ins_since_vacuum)"], ["s.last_seq_scan"]),
        ("pg_tables", 160000, ["(s.last_seq_scan)", "(s.n_tup_newpage_upd)"], ["s.total_vacuum_time"]),
        ("pg_tables", 180000, ["(s.total_vacuum_time)", "(s.total_autoanalyze_time)"], []),
        ("pg_indexes", 150000, ["pg_relation_size(x.indexrelid)", "(i.indisvalid)"], ["s.last_idx_scan"]),
        ("pg_indexes", 160000, ["(s.last_idx_scan)"], []),
        ("pg_vacuum_progress", 160000, ["(p.max_dead_tuples)", "(p.num_dead_tuples)"], ["p.dead_tuple_bytes", "p.indexes_total"]),
        ("pg_vacuum_progress", 170000, ["(p.dead_tuple_bytes)", "(p.num_dead_item_ids)", "(p.indexes_processed)"],
         ["p.max_dead_tuples", "p.delay_time"]),
        ("pg_vacuum_progress", 180000, ["(p.delay_time)"], []),
        ("pg_replication_slots", 120000, ["retained_wal_bytes", "s.restart_lsn)"], ["s.wal_status", "s.two_phase"]),
        ("pg_replication_slots", 130000, ["(s.wal_status)", "(s.safe_wal_size)"], ["s.two_phase"]),
        ("pg_replication_slots", 140000, ["(s.two_phase)"], ["s.conflicting"]),
        ("pg_replication_slots", 160000, ["(s.conflicting)"], ["s.invalidation_reason"]),
        ("pg_replication_slots", 170000, ["(s.invalidation_reason)", "(s.inactive_since)", "(s.synced)"], []),
        ("pg_wal_receiver", 120000, ["w.received_lsn"], ["w.flushed_lsn", "w.written_lsn"]),
        ("pg_wal_receiver", 130000, ["w.flushed_lsn", "w.written_lsn"], ["w.received_lsn"]),
        ("pg_replication", 150000, ["extract(epoch FROM r.replay_lag)", "pg_wal_lsn_diff"], []),
        ("pg_blocking", 130000, ["pg_blocking_pids", "a.query_start"], ["waitstart"]),
        ("pg_blocking", 140000, ["w.waitstart"], []),
        ("pg_activity", 150000, ["a.pid <> pg_backend_pid()", "idle in transaction"], []),
    ]

    @Test("the right column names appear and disappear with each version")
    func versionedNames() {
        for (name, version, present, absent) in Self.expectations {
            let sql = Self.family(name).sql(forServerVersion: version) ?? ""
            for fragment in present { #expect(sql.contains(fragment), "\(name) on \(version) lacks \(fragment)") }
            for fragment in absent { #expect(!sql.contains(fragment), "\(name) on \(version) has \(fragment)") }
        }
    }

    @Test("availability follows version, standby, privileges and the extension")
    func availabilityRules() {
        let primary = ServerInfo(versionNum: 150004, inRecovery: false, hasMonitorRole: true, statementsExtensionVersion: "1.10",
                                 statementsLibraryLoaded: true)
        func status(_ name: String, _ change: (inout ServerInfo) -> Void = { _ in }) -> FamilyAvailability.Status {
            var server = primary
            change(&server)
            return Self.family(name).requirements.status(on: server)
        }
        #expect(status("pg_stat_database") == .available)
        #expect(status("pg_stat_io") == .unavailable(reason: "not available on this version: needs PostgreSQL 16 or later, the server is 15.4"))
        #expect(status("pg_stat_io") { $0.versionNum = 160001 } == .available)
        #expect(status("pg_wal_receiver") == .unavailable(reason: "the server is not a standby"))
        #expect(status("pg_wal_receiver") { $0.inRecovery = true } == .available)
        #expect(status("pg_activity") { $0.hasMonitorRole = false }
                == .notPermitted(reason: "the collector's role is not a member of pg_monitor (GRANT pg_monitor TO ...)"))
        #expect(status("pg_tables") { $0.hasMonitorRole = false } == .available)
        guard case .unavailable(let missing) = status("pg_stat_statements", { $0.statementsExtensionVersion = nil }) else {
            Issue.record("a missing extension makes pg_stat_statements unavailable")
            return
        }
        #expect(missing.contains("CREATE EXTENSION pg_stat_statements"))
        #expect(status("pg_stat_statements_text") { $0.statementsLibraryLoaded = false }
                == .unavailable(reason: "pg_stat_statements is not in shared_preload_libraries"))
        guard case .unavailable(let old) = status("pg_stat_statements", { $0.statementsExtensionVersion = "1.9" }) else {
            Issue.record("an outdated extension makes pg_stat_statements unavailable")
            return
        }
        #expect(old.contains("1.9 is older than 1.10"))
        #expect(status("pg_stat_statements") { $0.versionNum = 110000 }
                == .unavailable(reason: "not available on this version: PostgreSQL 11 is older than 12, the oldest supported version"))
        #expect(PostgresFamilyRequirements.compare("1.10", "1.9") == 1)
        #expect(PostgresFamilyRequirements.compare("1.7", "1.7") == 0)
    }
}
