/// The stable wire column set of `pg_stat_statements` across PostgreSQL 12–18 (extension
/// 1.7–1.12), with each version's name for it; NULL where a version lacks it.
enum StatementsColumns {
    static let all: [SQLColumn] = {
        let v13 = PostgresVersion.v13, v14 = PostgresVersion.v14, v15 = PostgresVersion.v15
        let v17 = PostgresVersion.v17, v18 = PostgresVersion.v18
        func int8(_ name: String, since: Int = 0) -> SQLColumn { SQLColumn(name, "int8", prefix: "s.", since: since) }
        func float8(_ name: String, since: Int = 0) -> SQLColumn { SQLColumn(name, "float8", prefix: "s.", since: since) }
        // PostgreSQL 13 split total_time into planning and execution.
        func execTime(_ stat: String) -> SQLColumn {
            SQLColumn("\(stat)_exec_time", "float8", variants: [(0, "s.\(stat)_time"), (v13, "s.\(stat)_exec_time")])
        }
        // PostgreSQL 17 renamed blk_*_time to shared_blk_*_time.
        func sharedTime(_ io: String) -> SQLColumn {
            SQLColumn("shared_blk_\(io)_time", "float8", variants: [(0, "s.blk_\(io)_time"), (v17, "s.shared_blk_\(io)_time")])
        }
        return [
            int8("userid"), int8("dbid"), SQLColumn("toplevel", "bool", prefix: "s.", since: v14), int8("queryid"),
            int8("plans", since: v13),
            float8("total_plan_time", since: v13), float8("min_plan_time", since: v13), float8("max_plan_time", since: v13),
            float8("mean_plan_time", since: v13), float8("stddev_plan_time", since: v13),
            int8("calls"),
            execTime("total"), execTime("min"), execTime("max"), execTime("mean"), execTime("stddev"),
            int8("rows"),
            int8("shared_blks_hit"), int8("shared_blks_read"), int8("shared_blks_dirtied"), int8("shared_blks_written"),
            int8("local_blks_hit"), int8("local_blks_read"), int8("local_blks_dirtied"), int8("local_blks_written"),
            int8("temp_blks_read"), int8("temp_blks_written"),
            sharedTime("read"), sharedTime("write"),
            float8("local_blk_read_time", since: v17), float8("local_blk_write_time", since: v17),
            float8("temp_blk_read_time", since: v15), float8("temp_blk_write_time", since: v15),
            int8("wal_records", since: v13), int8("wal_fpi", since: v13), int8("wal_bytes", since: v13),
            int8("wal_buffers_full", since: v18),
            int8("jit_functions", since: v15), float8("jit_generation_time", since: v15),
            int8("jit_inlining_count", since: v15), float8("jit_inlining_time", since: v15),
            int8("jit_optimization_count", since: v15), float8("jit_optimization_time", since: v15),
            int8("jit_emission_count", since: v15), float8("jit_emission_time", since: v15),
            int8("jit_deform_count", since: v17), float8("jit_deform_time", since: v17),
            int8("parallel_workers_to_launch", since: v18), int8("parallel_workers_launched", since: v18),
            SQLColumn("stats_since", "timestamptz", prefix: "s.", since: v17),
            SQLColumn("minmax_stats_since", "timestamptz", prefix: "s.", since: v17),
            SQLColumn("stats_reset", "timestamptz", "(SELECT i.stats_reset FROM pg_stat_statements_info i)", since: v14),
            SQLColumn("dealloc", "int8", "(SELECT i.dealloc FROM pg_stat_statements_info i)", since: v14),
        ]
    }()

    /// Columns that identify an entry.
    static let key = ["userid", "dbid", "queryid", "toplevel"]
    /// Columns that make no sense summed over many statements (NULL in the `<other>` row).
    static func isSummable(_ name: String) -> Bool {
        !key.contains(name) && !["min_", "max_", "mean_", "stddev_"].contains { name.hasPrefix($0) }
            && !["dealloc", "stats_reset"].contains(name)
    }
}
