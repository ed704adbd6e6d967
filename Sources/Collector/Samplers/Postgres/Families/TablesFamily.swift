/// `pg_tables`: the user tables of one database, the largest and the busiest `limit` of each,
/// with their access counters, vacuum history, block I/O, sizes and XID age.
final class TablesFamily: SimplePostgresFamily {
    let name = "pg_tables"
    let scope = PostgresFamilyScope.database
    let requirements = PostgresFamilyRequirements()
    /// How many of the largest and of the busiest tables are sent (`$1`).
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    var parameters: [String?] { [String(limit)] }

    static let columns: [SQLColumn] = {
        let v13 = PostgresVersion.v13, v16 = PostgresVersion.v16, v18 = PostgresVersion.v18
        let head = [
            SQLColumn("datname", "text", "current_database()"),
            SQLColumn("relid", "int8", prefix: "s."),
            SQLColumn("schemaname", "text", prefix: "s."),
            SQLColumn("relname", "text", prefix: "s."),
            SQLColumn("total_bytes", "int8", prefix: "s."),
            SQLColumn("table_bytes", "int8", "CASE WHEN s.total_bytes IS NOT NULL THEN pg_relation_size(s.relid) END"),
        ]
        let counters = ["seq_scan", "seq_tup_read", "idx_scan", "idx_tup_fetch", "n_tup_ins", "n_tup_upd", "n_tup_del",
                        "n_tup_hot_upd"].map { SQLColumn($0, "int8", prefix: "s.") }
        let state = [
            SQLColumn("n_tup_newpage_upd", "int8", prefix: "s.", since: v16),
            SQLColumn("n_live_tup", "int8", prefix: "s."),
            SQLColumn("n_dead_tup", "int8", prefix: "s."),
            SQLColumn("n_mod_since_analyze", "int8", prefix: "s."),
            SQLColumn("n_ins_since_vacuum", "int8", prefix: "s.", since: v13),
            SQLColumn("last_seq_scan", "timestamptz", prefix: "s.", since: v16),
            SQLColumn("last_idx_scan", "timestamptz", prefix: "s.", since: v16),
        ] + ["last_vacuum", "last_autovacuum", "last_analyze", "last_autoanalyze"].map {
            SQLColumn($0, "timestamptz", prefix: "s.")
        } + ["vacuum_count", "autovacuum_count", "analyze_count", "autoanalyze_count"].map {
            SQLColumn($0, "int8", prefix: "s.")
        } + ["total_vacuum_time", "total_autovacuum_time", "total_analyze_time", "total_autoanalyze_time"].map {
            SQLColumn($0, "float8", prefix: "s.", since: v18)
        }
        let io = ["heap_blks_read", "heap_blks_hit", "idx_blks_read", "idx_blks_hit", "toast_blks_read", "toast_blks_hit",
                  "tidx_blks_read", "tidx_blks_hit"].map { SQLColumn($0, "int8", prefix: "io.") }
        return head + counters + state + io + [SQLColumn("frozen_xid_age", "int8", "age(c.relfrozenxid)")]
    }()

    func sql(forServerVersion version: Int) -> String? {
        // Sizes take a lock; a table held in ACCESS EXCLUSIVE mode (VACUUM FULL, ALTER) would make
        // the statement wait for lock_timeout, so its size is left NULL this round instead.
        """
        WITH locked AS (
            SELECT l.relation FROM pg_locks l
            WHERE l.mode = 'AccessExclusiveLock' AND l.granted AND l.relation IS NOT NULL
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        ), sized AS (
            SELECT t.*, CASE WHEN t.relid NOT IN (SELECT relation FROM locked) THEN pg_total_relation_size(t.relid) END AS total_bytes,
                   coalesce(t.seq_scan, 0) + coalesce(t.idx_scan, 0) + t.n_tup_ins + t.n_tup_upd + t.n_tup_del AS activity
            FROM pg_stat_user_tables t
        ), ranked AS (
            SELECT z.*, row_number() OVER (ORDER BY z.total_bytes DESC NULLS LAST, z.relid) AS size_rank,
                   row_number() OVER (ORDER BY z.activity DESC, z.relid) AS activity_rank
            FROM sized z
        )
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM ranked s
        JOIN pg_statio_user_tables io ON io.relid = s.relid
        JOIN pg_class c ON c.oid = s.relid
        WHERE s.size_rank <= $1::int8 OR s.activity_rank <= $1::int8
        ORDER BY s.relid
        """
    }
}
