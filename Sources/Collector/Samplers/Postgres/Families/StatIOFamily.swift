/// `pg_stat_io` (16+): I/O by backend type, object and context. Byte counts are native on 18 and
/// operations × `op_bytes` before.
final class StatIOFamily: SimplePostgresFamily {
    let name = "pg_stat_io"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements(minimumServerVersion: PostgresVersion.v16)

    static let columns: [SQLColumn] = {
        let v18 = PostgresVersion.v18
        func bytes(_ name: String, operations: String) -> SQLColumn {
            SQLColumn(name, "numeric", variants: [(0, "i.\(operations) * i.op_bytes"), (v18, "i." + name)])
        }
        return [
            SQLColumn("backend_type", "text", prefix: "i."),
            SQLColumn("object", "text", prefix: "i."),
            SQLColumn("context", "text", prefix: "i."),
        ] + ["reads", "writes", "writebacks", "extends", "hits", "evictions", "reuses", "fsyncs"].map {
            SQLColumn($0, "int8", prefix: "i.")
        } + ["read_time", "write_time", "writeback_time", "extend_time", "fsync_time"].map {
            SQLColumn($0, "float8", prefix: "i.")
        } + [
            bytes("read_bytes", operations: "reads"),
            bytes("write_bytes", operations: "writes"),
            bytes("extend_bytes", operations: "extends"),
            SQLColumn("op_bytes", "int8", prefix: "i.", until: v18),
            SQLColumn("stats_reset", "timestamptz", prefix: "i."),
        ]
    }()

    func sql(forServerVersion version: Int) -> String? {
        guard version >= requirements.minimumServerVersion else { return nil }
        return "SELECT\n" + Self.columns.selectList(forServerVersion: version) + "\nFROM pg_stat_io i\nORDER BY 1, 2, 3"
    }
}
