/// `pg_cluster`: what the server is and how long it has been up.
final class ClusterFamily: SimplePostgresFamily {
    let name = "pg_cluster"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements()

    static let columns: [SQLColumn] = [
        SQLColumn("version", "text", "version()"),
        SQLColumn("server_version_num", "int8", "current_setting('server_version_num')"),
        SQLColumn("postmaster_start_time", "timestamptz", "pg_postmaster_start_time()"),
        SQLColumn("uptime_seconds", "float8", "extract(epoch FROM now() - pg_postmaster_start_time())"),
        SQLColumn("in_recovery", "bool", "pg_is_in_recovery()"),
        SQLColumn("conf_load_time", "timestamptz", "pg_conf_load_time()"),
        SQLColumn("max_connections", "int8", "current_setting('max_connections')"),
        SQLColumn("client_connections", "int8", "(SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"),
    ]

    func sql(forServerVersion version: Int) -> String? {
        "SELECT\n" + Self.columns.selectList(forServerVersion: version)
    }
}
