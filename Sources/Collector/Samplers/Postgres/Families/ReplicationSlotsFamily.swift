/// `pg_replication_slots`: each slot, whether it is used, and how much WAL it holds back.
final class ReplicationSlotsFamily: SimplePostgresFamily {
    let name = "pg_replication_slots"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements()

    static let columns: [SQLColumn] = {
        let v13 = PostgresVersion.v13, v14 = PostgresVersion.v14, v16 = PostgresVersion.v16, v17 = PostgresVersion.v17
        return [
            SQLColumn("slot_name", "text", prefix: "s."),
            SQLColumn("slot_type", "text", prefix: "s."),
            SQLColumn("plugin", "text", prefix: "s."),
            SQLColumn("database", "text", prefix: "s."),
            SQLColumn("temporary", "bool", prefix: "s."),
            SQLColumn("active", "bool", prefix: "s."),
            SQLColumn("active_pid", "int8", prefix: "s."),
            SQLColumn("xmin_age", "int8", "age(s.xmin)"),
            SQLColumn("catalog_xmin_age", "int8", "age(s.catalog_xmin)"),
            SQLColumn("retained_wal_bytes", "int8", WALPosition.bytesBehind("s.restart_lsn")),
            SQLColumn("confirmed_flush_lag_bytes", "int8", WALPosition.bytesBehind("s.confirmed_flush_lsn")),
            SQLColumn("wal_status", "text", prefix: "s.", since: v13),
            SQLColumn("safe_wal_size", "int8", prefix: "s.", since: v13),
            SQLColumn("two_phase", "bool", prefix: "s.", since: v14),
            SQLColumn("conflicting", "bool", prefix: "s.", since: v16),
            SQLColumn("invalidation_reason", "text", prefix: "s.", since: v17),
            SQLColumn("inactive_since", "timestamptz", prefix: "s.", since: v17),
            SQLColumn("failover", "bool", prefix: "s.", since: v17),
            SQLColumn("synced", "bool", prefix: "s.", since: v17),
        ]
    }()

    func sql(forServerVersion version: Int) -> String? {
        """
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM pg_replication_slots s
        ORDER BY s.slot_name
        """
    }
}
