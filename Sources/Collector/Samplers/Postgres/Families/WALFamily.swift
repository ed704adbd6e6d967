/// `pg_wal`: the current WAL position and file, and `pg_stat_wal` counters on 14+ (PostgreSQL 18
/// moved the write and sync counters to `pg_stat_io`; they are NULL there).
final class WALFamily: SimplePostgresFamily {
    let name = "pg_wal"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements()

    static let columns: [SQLColumn] = {
        let v14 = PostgresVersion.v14, v18 = PostgresVersion.v18
        return [
            SQLColumn("in_recovery", "bool", "pg_is_in_recovery()"),
            SQLColumn("current_lsn_bytes", "numeric", WALPosition.bytes(WALPosition.current)),
            SQLColumn("current_walfile", "text", "CASE WHEN NOT pg_is_in_recovery() THEN pg_walfile_name(pg_current_wal_lsn()) END"),
            SQLColumn("wal_records", "int8", prefix: "w.", since: v14),
            SQLColumn("wal_fpi", "int8", prefix: "w.", since: v14),
            SQLColumn("wal_bytes", "numeric", prefix: "w.", since: v14),
            SQLColumn("wal_buffers_full", "int8", prefix: "w.", since: v14),
            SQLColumn("wal_write", "int8", prefix: "w.", since: v14, until: v18),
            SQLColumn("wal_sync", "int8", prefix: "w.", since: v14, until: v18),
            SQLColumn("wal_write_time", "float8", prefix: "w.", since: v14, until: v18),
            SQLColumn("wal_sync_time", "float8", prefix: "w.", since: v14, until: v18),
            SQLColumn("stats_reset", "timestamptz", prefix: "w.", since: v14),
        ]
    }()

    func sql(forServerVersion version: Int) -> String? {
        let from = version >= PostgresVersion.v14 ? "\nFROM pg_stat_wal w" : ""
        return "SELECT\n" + Self.columns.selectList(forServerVersion: version) + from
    }
}
