/// `pg_replication`: each WAL sender (`pg_stat_replication`) with its lag in bytes and seconds.
final class ReplicationFamily: SimplePostgresFamily {
    let name = "pg_replication"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements(needsMonitorRole: true)

    static let columns: [SQLColumn] = [
        SQLColumn("pid", "int8", prefix: "r."),
        SQLColumn("usename", "text", prefix: "r."),
        SQLColumn("application_name", "text", prefix: "r."),
        SQLColumn("client_addr", "text", "host(r.client_addr)"),
        SQLColumn("state", "text", prefix: "r."),
        SQLColumn("sync_state", "text", prefix: "r."),
        SQLColumn("sync_priority", "int8", prefix: "r."),
        SQLColumn("backend_start", "timestamptz", prefix: "r."),
        SQLColumn("reply_time", "timestamptz", prefix: "r."),
        SQLColumn("backend_xmin_age", "int8", "age(r.backend_xmin)"),
        SQLColumn("sent_lag_bytes", "int8", WALPosition.bytesBehind("r.sent_lsn")),
        SQLColumn("write_lag_bytes", "int8", WALPosition.bytesBehind("r.write_lsn")),
        SQLColumn("flush_lag_bytes", "int8", WALPosition.bytesBehind("r.flush_lsn")),
        SQLColumn("replay_lag_bytes", "int8", WALPosition.bytesBehind("r.replay_lsn")),
        SQLColumn("write_lag_seconds", "float8", "extract(epoch FROM r.write_lag)"),
        SQLColumn("flush_lag_seconds", "float8", "extract(epoch FROM r.flush_lag)"),
        SQLColumn("replay_lag_seconds", "float8", "extract(epoch FROM r.replay_lag)"),
    ]

    func sql(forServerVersion version: Int) -> String? {
        """
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM pg_stat_replication r
        ORDER BY r.pid
        """
    }
}
