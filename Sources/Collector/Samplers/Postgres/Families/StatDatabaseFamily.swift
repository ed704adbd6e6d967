/// `pg_stat_database`: per-database counters with recovery conflicts, size, XID age and limits.
final class StatDatabaseFamily: SimplePostgresFamily {
    let name = "pg_stat_database"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements()

    static let columns: [SQLColumn] = {
        let v14 = PostgresVersion.v14, v16 = PostgresVersion.v16, v18 = PostgresVersion.v18
        let counters = ["numbackends", "xact_commit", "xact_rollback", "blks_read", "blks_hit", "tup_returned", "tup_fetched",
                        "tup_inserted", "tup_updated", "tup_deleted", "conflicts", "temp_files", "temp_bytes", "deadlocks",
                        "checksum_failures"].map { SQLColumn($0, "int8", prefix: "d.") }
        return [SQLColumn("datid", "int8", prefix: "d."), SQLColumn("datname", "text", prefix: "d.")] + counters + [
            SQLColumn("checksum_last_failure", "timestamptz", prefix: "d."),
            SQLColumn("blk_read_time", "float8", prefix: "d."),
            SQLColumn("blk_write_time", "float8", prefix: "d."),
            SQLColumn("session_time", "float8", prefix: "d.", since: v14),
            SQLColumn("active_time", "float8", prefix: "d.", since: v14),
            SQLColumn("idle_in_transaction_time", "float8", prefix: "d.", since: v14),
            SQLColumn("sessions", "int8", prefix: "d.", since: v14),
            SQLColumn("sessions_abandoned", "int8", prefix: "d.", since: v14),
            SQLColumn("sessions_fatal", "int8", prefix: "d.", since: v14),
            SQLColumn("sessions_killed", "int8", prefix: "d.", since: v14),
            SQLColumn("parallel_workers_to_launch", "int8", prefix: "d.", since: v18),
            SQLColumn("parallel_workers_launched", "int8", prefix: "d.", since: v18),
            SQLColumn("confl_tablespace", "int8", prefix: "c."),
            SQLColumn("confl_lock", "int8", prefix: "c."),
            SQLColumn("confl_snapshot", "int8", prefix: "c."),
            SQLColumn("confl_bufferpin", "int8", prefix: "c."),
            SQLColumn("confl_deadlock", "int8", prefix: "c."),
            SQLColumn("confl_active_logicalslot", "int8", prefix: "c.", since: v16),
            SQLColumn("size_bytes", "int8", "CASE WHEN has_database_privilege(db.oid, 'CONNECT') THEN pg_database_size(db.oid) END"),
            SQLColumn("frozen_xid_age", "int8", "age(db.datfrozenxid)"),
            SQLColumn("datconnlimit", "int8", prefix: "db."),
            SQLColumn("stats_reset", "timestamptz", prefix: "d."),
        ]
    }()

    func sql(forServerVersion version: Int) -> String? {
        """
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM pg_stat_database d
        LEFT JOIN pg_stat_database_conflicts c ON c.datid = d.datid
        LEFT JOIN pg_database db ON db.oid = d.datid
        ORDER BY d.datid
        """
    }
}
