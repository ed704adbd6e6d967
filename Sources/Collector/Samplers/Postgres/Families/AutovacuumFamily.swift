/// `pg_autovacuum`: how many autovacuum workers run, against how many allowed, how many to
/// prevent wraparound, and the longest-running one.
final class AutovacuumFamily: SimplePostgresFamily {
    let name = "pg_autovacuum"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements()

    static let columns: [SQLColumn] = [
        SQLColumn("enabled", "bool", "current_setting('autovacuum')"),
        SQLColumn("launcher_running", "bool", "count(*) FILTER (WHERE a.backend_type = 'autovacuum launcher') > 0"),
        SQLColumn("workers", "int8", "count(*) FILTER (WHERE a.backend_type = 'autovacuum worker')"),
        SQLColumn("max_workers", "int8", "current_setting('autovacuum_max_workers')"),
        SQLColumn("wraparound_workers", "int8",
                  "count(*) FILTER (WHERE a.backend_type = 'autovacuum worker' AND a.query LIKE '%to prevent wraparound%')"),
        SQLColumn("longest_worker_seconds", "float8",
                  "max(extract(epoch FROM now() - a.xact_start)) FILTER (WHERE a.backend_type = 'autovacuum worker')"),
    ]

    func sql(forServerVersion version: Int) -> String? {
        "SELECT\n" + Self.columns.selectList(forServerVersion: version) + "\nFROM pg_stat_activity a"
    }
}
