import Foundation
import WireProtocol

/// `pg_stat_database` exactly as the collector ships it (`StatDatabaseFamily`) from a PostgreSQL 16
/// server: its 39 columns in its order and types (the view's counters, `pg_stat_database_conflicts`,
/// `size_bytes` = pg_database_size, `frozen_xid_age` = age(datfrozenxid), `datconnlimit`,
/// `stats_reset`), rows ordered by datid, on a server with 10 databases, 30 days after
/// `pg_stat_reset()` ran in the application databases.
///
/// How it is modelled (shapes checked against a pgbench-driven PostgreSQL 15 cluster and the
/// collector's `--dry-run --json` output on it):
/// * The view's row for shared objects (datid 0) comes first: datname, the conflict columns,
///   size_bytes, frozen_xid_age and datconnlimit NULL (the joins find nothing). Then template1 (1),
///   template0 (4), postgres (5) and seven application databases whose activity spans four orders
///   of magnitude (the main OLTP database takes most of it).
/// * Counters are cumulative over 30 days at about 3,000 transactions per second in total.
/// * `checksum_failures`/`checksum_last_failure` are NULL (data checksums off, the default);
///   `stats_reset` is NULL for the databases whose statistics were never reset.
/// * The times (ms) are PostgreSQL's microsecond counters divided by 1,000.
/// * A primary: the recovery-conflict counters are 0; `parallel_workers_*` (PostgreSQL 18) NULL.
/// * `datconnlimit` is -1 (no limit) but for two application databases with a limit.
public enum StatDatabase {
    public static let family = "pg_stat_database"

    public static func batch(seed: UInt64 = 0xDA7A_BA5E) -> (family: String, columns: [ColumnDescriptor], rows: [[Value]]) {
        var random = SeededRandom(seed: seed)
        var table = Table(family: family)
        // (oid, name, share of the server's activity, size in bytes, connection limit), by oid.
        let databases: [(Int64, String?, Double, Double, Int64)] = [
            (0, nil, 0.0005, 0, -1),
            (1, "template1", 0, 7.6e6, -1),
            (4, "template0", 0, 7.5e6, -1),
            (5, "postgres", 0.002, 9.1e6, -1),
            (16_385, "shop_production", 0.72, 412e9, -1),
            (16_402, "shop_reporting", 0.11, 96e9, 50),
            (16_433, "auth", 0.09, 3.4e9, -1),
            (16_519, "inventory", 0.05, 18e9, -1),
            (16_604, "audit_log", 0.025, 141e9, -1),
            (16_777, "feature_flags", 0.003, 61e6, -1),
            (17_012, "pgbouncer_admin", 0.0001, 8.2e6, 10),
        ]
        let seconds = 30.0 * 86_400
        let transactions = 3_000.0 * seconds
        let resetAt = SampleTime.sampledAt - 30 * SampleTime.microsecondsPerDay - 3_600_000_000 * 7 + 123_456_789
        for (oid, name, share, size, connectionLimit) in databases {
            let isTemplate = name?.hasPrefix("template") ?? false
            let isShared = oid == 0
            let commits = (transactions * share * random.uniform(0.9, 1.1)).rounded()
            let blocks = commits * random.logUniform(8, 120)
            let readRatio = random.logUniform(0.002, 0.05)
            let returned = blocks * random.uniform(20, 80)
            let inserted = commits * random.uniform(0.05, 0.6)
            let sessions = isShared || isTemplate ? 0 : (commits / random.logUniform(200, 20_000)).rounded()
            let sessionTime = sessions * random.logUniform(30_000, 3_600_000)
            let activeShare = random.uniform(0.02, 0.3)
            let ioMs = blocks * readRatio * random.logUniform(0.03, 0.2)
            func micros(_ ms: Double) -> Double { (ms * 1000).rounded() / 1000 }
            table.add { row in
                row.int("datid", oid)
                row.text("datname", name)
                row.int("numbackends", isShared || isTemplate ? 0 : (share * random.uniform(40, 90)).rounded())
                row.int("xact_commit", commits)
                row.int("xact_rollback", (commits * random.logUniform(1e-5, 3e-3)).rounded())
                row.int("blks_read", (blocks * readRatio).rounded())
                row.int("blks_hit", (blocks * (1 - readRatio)).rounded())
                row.int("tup_returned", returned.rounded())
                row.int("tup_fetched", (returned * random.uniform(0.01, 0.2)).rounded())
                row.int("tup_inserted", inserted.rounded())
                row.int("tup_updated", (inserted * random.uniform(0.3, 2)).rounded())
                row.int("tup_deleted", (inserted * random.uniform(0, 0.3)).rounded())
                row.int("conflicts", 0)
                row.int("temp_files", share > 0.01 ? (commits * random.logUniform(1e-6, 1e-4)).rounded() : 0)
                row.int("temp_bytes", share > 0.01 ? (commits * random.logUniform(1e-6, 1e-4) * random.logUniform(1e6, 1e8)).rounded() : 0)
                row.int("deadlocks", share > 0.05 ? random.int(0...40) : 0)
                row.int("checksum_failures", nil)
                row.time("checksum_last_failure", nil)
                row.float("blk_read_time", micros(ioMs))
                row.float("blk_write_time", micros(ioMs * random.uniform(0.01, 0.2)))
                row.float("session_time", micros(sessionTime))
                row.float("active_time", micros(sessionTime * activeShare))
                row.float("idle_in_transaction_time", micros(sessionTime * activeShare * random.uniform(0.01, 0.3)))
                row.int("sessions", sessions)
                row.int("sessions_abandoned", (sessions * random.logUniform(1e-5, 1e-3)).rounded())
                row.int("sessions_fatal", (sessions * random.logUniform(1e-6, 1e-4)).rounded())
                row.int("sessions_killed", (sessions * random.logUniform(1e-7, 1e-5)).rounded())
                row.int("parallel_workers_to_launch", nil) // since 18
                row.int("parallel_workers_launched", nil)  // since 18
                for conflict in ["confl_tablespace", "confl_lock", "confl_snapshot", "confl_bufferpin", "confl_deadlock",
                                 "confl_active_logicalslot"] {
                    row.int(conflict, isShared ? nil : 0)
                }
                row.int("size_bytes", isShared ? nil : Int64(size * random.uniform(0.98, 1.02) / 8192) * 8192)
                row.int("frozen_xid_age", isShared ? nil : (isTemplate ? random.int(80_000_000...150_000_000) : random.int(2_000_000...190_000_000)))
                row.int("datconnlimit", isShared ? nil : connectionLimit)
                row.time("stats_reset", isShared || isTemplate || name == "postgres" ? nil : resetAt + random.int(0...2_000_000))
            }
        }
        return (family, table.columns, table.rows)
    }
}
