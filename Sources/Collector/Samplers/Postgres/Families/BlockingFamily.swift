/// `pg_blocking`: every session waiting for a lock, who blocks it and for how long.
final class BlockingFamily: SimplePostgresFamily {
    let name = "pg_blocking"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements(needsMonitorRole: true)
    /// Characters of the blocked query that are sent.
    static let queryLength = 1024

    static let columns: [SQLColumn] = [
        SQLColumn("blocked_pid", "int8", "a.pid"),
        SQLColumn("datname", "text", prefix: "a."),
        SQLColumn("usename", "text", prefix: "a."),
        SQLColumn("application_name", "text", prefix: "a."),
        SQLColumn("blocking_pids", "text", "array_to_string(b.pids, ',')"),
        SQLColumn("blocking_count", "int8", "cardinality(b.pids)"),
        // pg_locks.waitstart (14+) is when the lock wait began; before it, the statement start.
        // now() is this statement's start, so a wait that began during it would come out
        // slightly negative.
        SQLColumn("wait_seconds", "float8", variants: [
            (0, "greatest(0, extract(epoch FROM now() - a.query_start))"),
            (PostgresVersion.v14, "greatest(0, extract(epoch FROM now() - coalesce(w.waitstart, a.query_start)))"),
        ]),
        SQLColumn("wait_event_type", "text", prefix: "a."),
        SQLColumn("wait_event", "text", prefix: "a."),
        SQLColumn("blocked_query", "text", "left(a.query, \(queryLength))"),
    ]

    func sql(forServerVersion version: Int) -> String? {
        let waits = version >= PostgresVersion.v14
            ? "\nLEFT JOIN (SELECT pid, min(waitstart) AS waitstart FROM pg_locks WHERE NOT granted GROUP BY pid) w ON w.pid = a.pid"
            : ""
        return """
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM pg_stat_activity a
        CROSS JOIN LATERAL (SELECT pg_blocking_pids(a.pid) AS pids) b\(waits)
        WHERE a.wait_event_type = 'Lock' AND a.pid <> pg_backend_pid() AND cardinality(b.pids) > 0
        ORDER BY a.pid
        """
    }
}
