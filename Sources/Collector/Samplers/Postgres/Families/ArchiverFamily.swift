/// `pg_archiver`: WAL archiving successes and failures (`pg_stat_archiver`).
final class ArchiverFamily: SimplePostgresFamily {
    let name = "pg_archiver"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements()

    static let columns: [SQLColumn] = [
        SQLColumn("archive_mode", "text", "current_setting('archive_mode')"),
        SQLColumn("archived_count", "int8", prefix: "a."),
        SQLColumn("last_archived_wal", "text", prefix: "a."),
        SQLColumn("last_archived_time", "timestamptz", prefix: "a."),
        SQLColumn("failed_count", "int8", prefix: "a."),
        SQLColumn("last_failed_wal", "text", prefix: "a."),
        SQLColumn("last_failed_time", "timestamptz", prefix: "a."),
        SQLColumn("stats_reset", "timestamptz", prefix: "a."),
    ]

    func sql(forServerVersion version: Int) -> String? {
        "SELECT\n" + Self.columns.selectList(forServerVersion: version) + "\nFROM pg_stat_archiver a"
    }
}
