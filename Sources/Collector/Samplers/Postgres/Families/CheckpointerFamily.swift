/// `pg_checkpointer`: checkpoints and background writes in one stable column set, from
/// `pg_stat_bgwriter` up to 16 and `pg_stat_checkpointer` + `pg_stat_bgwriter` from 17 on.
final class CheckpointerFamily: SimplePostgresFamily {
    let name = "pg_checkpointer"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements()

    static let columns: [SQLColumn] = {
        let v17 = PostgresVersion.v17, v18 = PostgresVersion.v18
        func split(_ name: String, _ type: String, bgwriter: String, checkpointer: String) -> SQLColumn {
            SQLColumn(name, type, variants: [(0, "b." + bgwriter), (v17, "c." + checkpointer)])
        }
        return [
            split("checkpoints_timed", "int8", bgwriter: "checkpoints_timed", checkpointer: "num_timed"),
            split("checkpoints_requested", "int8", bgwriter: "checkpoints_req", checkpointer: "num_requested"),
            SQLColumn("checkpoints_done", "int8", "c.num_done", since: v18),
            SQLColumn("restartpoints_timed", "int8", prefix: "c.", since: v17),
            SQLColumn("restartpoints_requested", "int8", "c.restartpoints_req", since: v17),
            SQLColumn("restartpoints_done", "int8", prefix: "c.", since: v17),
            split("write_time_ms", "float8", bgwriter: "checkpoint_write_time", checkpointer: "write_time"),
            split("sync_time_ms", "float8", bgwriter: "checkpoint_sync_time", checkpointer: "sync_time"),
            split("buffers_checkpoint", "int8", bgwriter: "buffers_checkpoint", checkpointer: "buffers_written"),
            SQLColumn("slru_written", "int8", "c.slru_written", since: v18),
            SQLColumn("buffers_clean", "int8", prefix: "b."),
            SQLColumn("maxwritten_clean", "int8", prefix: "b."),
            SQLColumn("buffers_backend", "int8", prefix: "b.", until: v17),
            SQLColumn("buffers_backend_fsync", "int8", prefix: "b.", until: v17),
            SQLColumn("buffers_alloc", "int8", prefix: "b."),
            split("checkpointer_stats_reset", "timestamptz", bgwriter: "stats_reset", checkpointer: "stats_reset"),
            SQLColumn("bgwriter_stats_reset", "timestamptz", "b.stats_reset"),
        ]
    }()

    func sql(forServerVersion version: Int) -> String? {
        let from = version >= PostgresVersion.v17 ? "pg_stat_bgwriter b CROSS JOIN pg_stat_checkpointer c" : "pg_stat_bgwriter b"
        return "SELECT\n" + Self.columns.selectList(forServerVersion: version) + "\nFROM " + from
    }
}
