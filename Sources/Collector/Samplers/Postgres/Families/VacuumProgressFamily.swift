/// `pg_vacuum_progress`: every VACUUM running in this database (`pg_stat_progress_vacuum`) with
/// the relation's name, whether autovacuum runs it and for how long.
final class VacuumProgressFamily: SimplePostgresFamily {
    let name = "pg_vacuum_progress"
    let scope = PostgresFamilyScope.database
    let requirements = PostgresFamilyRequirements(needsMonitorRole: true)

    static let columns: [SQLColumn] = {
        let v17 = PostgresVersion.v17, v18 = PostgresVersion.v18
        return [
            SQLColumn("datname", "text", prefix: "p."),
            SQLColumn("pid", "int8", prefix: "p."),
            SQLColumn("relid", "int8", prefix: "p."),
            SQLColumn("schemaname", "text", "n.nspname"),
            SQLColumn("relname", "text", "c.relname"),
            SQLColumn("phase", "text", prefix: "p."),
            SQLColumn("is_autovacuum", "bool", "a.backend_type = 'autovacuum worker'"),
            SQLColumn("running_seconds", "float8", "extract(epoch FROM now() - a.xact_start)"),
            SQLColumn("heap_blks_total", "int8", prefix: "p."),
            SQLColumn("heap_blks_scanned", "int8", prefix: "p."),
            SQLColumn("heap_blks_vacuumed", "int8", prefix: "p."),
            SQLColumn("index_vacuum_count", "int8", prefix: "p."),
            SQLColumn("max_dead_tuples", "int8", prefix: "p.", until: v17),
            SQLColumn("num_dead_tuples", "int8", prefix: "p.", until: v17),
            SQLColumn("max_dead_tuple_bytes", "int8", prefix: "p.", since: v17),
            SQLColumn("dead_tuple_bytes", "int8", prefix: "p.", since: v17),
            SQLColumn("num_dead_item_ids", "int8", prefix: "p.", since: v17),
            SQLColumn("indexes_total", "int8", prefix: "p.", since: v17),
            SQLColumn("indexes_processed", "int8", prefix: "p.", since: v17),
            SQLColumn("delay_time_ms", "float8", "p.delay_time", since: v18),
        ]
    }()

    func sql(forServerVersion version: Int) -> String? {
        """
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM pg_stat_progress_vacuum p
        LEFT JOIN pg_class c ON c.oid = p.relid
        LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_stat_activity a ON a.pid = p.pid
        WHERE p.datname = current_database()
        ORDER BY p.pid
        """
    }
}
