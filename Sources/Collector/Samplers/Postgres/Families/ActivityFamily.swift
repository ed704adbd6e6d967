/// `pg_activity`: sessions summarised per database, user, backend type, state and wait event,
/// without the collector's own backend.
final class ActivityFamily: SimplePostgresFamily {
    let name = "pg_activity"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements(needsMonitorRole: true)

    static let columns: [SQLColumn] = [
        SQLColumn("datname", "text", prefix: "a."),
        SQLColumn("usename", "text", prefix: "a."),
        SQLColumn("backend_type", "text", prefix: "a."),
        SQLColumn("state", "text", prefix: "a."),
        SQLColumn("wait_event_type", "text", prefix: "a."),
        SQLColumn("wait_event", "text", prefix: "a."),
        SQLColumn("sessions", "int8", "count(*)"),
        SQLColumn("longest_query_seconds", "float8",
                  "max(extract(epoch FROM now() - a.query_start)) FILTER (WHERE a.state = 'active')"),
        SQLColumn("longest_transaction_seconds", "float8", "max(extract(epoch FROM now() - a.xact_start))"),
        SQLColumn("idle_in_transaction", "int8",
                  "count(*) FILTER (WHERE a.state IN ('idle in transaction', 'idle in transaction (aborted)'))"),
    ]

    func sql(forServerVersion version: Int) -> String? {
        """
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM pg_stat_activity a
        WHERE a.pid <> pg_backend_pid()
        GROUP BY a.datname, a.usename, a.backend_type, a.state, a.wait_event_type, a.wait_event
        ORDER BY 1, 2, 3, 4, 5, 6
        """
    }
}
