/// `pg_indexes`: the user indexes of one database, the largest and the most scanned `limit` of
/// each, with scans, block I/O, size and flags.
final class IndexesFamily: SimplePostgresFamily {
    let name = "pg_indexes"
    let scope = PostgresFamilyScope.database
    let requirements = PostgresFamilyRequirements()
    /// How many of the largest and of the most scanned indexes are sent (`$1`).
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    var parameters: [String?] { [String(limit)] }

    static let columns: [SQLColumn] = [
        SQLColumn("datname", "text", "current_database()"),
        SQLColumn("relid", "int8", prefix: "s."),
        SQLColumn("indexrelid", "int8", prefix: "s."),
        SQLColumn("schemaname", "text", prefix: "s."),
        SQLColumn("relname", "text", prefix: "s."),
        SQLColumn("indexrelname", "text", prefix: "s."),
        SQLColumn("index_bytes", "int8", prefix: "s."),
        SQLColumn("idx_scan", "int8", prefix: "s."),
        SQLColumn("idx_tup_read", "int8", prefix: "s."),
        SQLColumn("idx_tup_fetch", "int8", prefix: "s."),
        SQLColumn("last_idx_scan", "timestamptz", prefix: "s.", since: PostgresVersion.v16),
        SQLColumn("idx_blks_read", "int8", prefix: "io."),
        SQLColumn("idx_blks_hit", "int8", prefix: "io."),
        SQLColumn("is_unique", "bool", "i.indisunique"),
        SQLColumn("is_primary", "bool", "i.indisprimary"),
        SQLColumn("is_valid", "bool", "i.indisvalid"),
    ]

    func sql(forServerVersion version: Int) -> String? {
        """
        WITH locked AS (
            SELECT l.relation FROM pg_locks l
            WHERE l.mode = 'AccessExclusiveLock' AND l.granted AND l.relation IS NOT NULL
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        ), sized AS (
            SELECT x.*, CASE WHEN x.indexrelid NOT IN (SELECT relation FROM locked)
                              AND x.relid NOT IN (SELECT relation FROM locked) THEN pg_relation_size(x.indexrelid) END AS index_bytes
            FROM pg_stat_user_indexes x
        ), ranked AS (
            SELECT z.*, row_number() OVER (ORDER BY z.index_bytes DESC NULLS LAST, z.indexrelid) AS size_rank,
                   row_number() OVER (ORDER BY z.idx_scan DESC NULLS LAST, z.indexrelid) AS scan_rank
            FROM sized z
        )
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM ranked s
        JOIN pg_statio_user_indexes io ON io.indexrelid = s.indexrelid
        JOIN pg_index i ON i.indexrelid = s.indexrelid
        WHERE s.size_rank <= $1::int8 OR s.scan_rank <= $1::int8
        ORDER BY s.indexrelid
        """
    }
}
