/// `pg_extensions`: the extensions installed in one database, their versions and whether a
/// newer one is available on the server.
final class ExtensionsFamily: SimplePostgresFamily {
    let name = "pg_extensions"
    let scope = PostgresFamilyScope.database
    let requirements = PostgresFamilyRequirements()

    static let columns: [SQLColumn] = [
        SQLColumn("datname", "text", "current_database()"),
        SQLColumn("extname", "text", prefix: "e."),
        SQLColumn("extversion", "text", prefix: "e."),
        SQLColumn("schemaname", "text", "n.nspname"),
        SQLColumn("default_version", "text", "av.default_version"),
        SQLColumn("update_available", "bool", "av.default_version IS DISTINCT FROM e.extversion"),
    ]

    func sql(forServerVersion version: Int) -> String? {
        """
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM pg_extension e
        JOIN pg_namespace n ON n.oid = e.extnamespace
        LEFT JOIN pg_available_extensions av ON av.name = e.extname
        ORDER BY e.extname
        """
    }
}
