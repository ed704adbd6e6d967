/// `pg_locks`: lock counts by database, lock type, mode and whether granted.
final class LocksFamily: SimplePostgresFamily {
    let name = "pg_locks"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements()

    static let columns: [SQLColumn] = [
        SQLColumn("datname", "text", "d.datname"),
        SQLColumn("locktype", "text", prefix: "l."),
        SQLColumn("mode", "text", prefix: "l."),
        SQLColumn("granted", "bool", prefix: "l."),
        SQLColumn("locks", "int8", "count(*)"),
    ]

    func sql(forServerVersion version: Int) -> String? {
        """
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM pg_locks l
        LEFT JOIN pg_database d ON d.oid = l.database
        WHERE l.pid IS DISTINCT FROM pg_backend_pid()
        GROUP BY d.datname, l.locktype, l.mode, l.granted
        ORDER BY 1, 2, 3, 4
        """
    }
}
