@testable import Collector
import PostgresClient
import Testing

/// Every version's SQL that the live server could run (versions up to its own) is PREPAREd there:
/// that checks syntax, every view and column name and every type, without running it. The
/// server's own version runs against the real catalog; older versions' SQL finds, earlier on its
/// search path, views that stand in for the columns later versions renamed or removed.
@Suite("PostgreSQL family SQL prepares on the live server")
struct PostgresFamilyPrepareTests {
    /// Views giving back what PostgreSQL 17 and 18 removed, under the old names and types, for the
    /// SQL of the versions before (created only on a server that lacks them).
    static func removedColumnViews(serverVersion: Int) -> [String] {
        var views: [String] = []
        if serverVersion >= PostgresVersion.v17 {
            // 17 moved the checkpoint counters to pg_stat_checkpointer and dropped the backend
            // writes; it counts dead tuples of a running VACUUM in bytes and item ids.
            views.append("""
                CREATE VIEW pga_removed.pg_stat_bgwriter AS
                SELECT b.*, c.num_timed AS checkpoints_timed, c.num_requested AS checkpoints_req,
                       c.write_time AS checkpoint_write_time, c.sync_time AS checkpoint_sync_time,
                       c.buffers_written AS buffers_checkpoint, 0::int8 AS buffers_backend, 0::int8 AS buffers_backend_fsync
                FROM pg_catalog.pg_stat_bgwriter b CROSS JOIN pg_catalog.pg_stat_checkpointer c
                """)
            views.append("""
                CREATE VIEW pga_removed.pg_stat_progress_vacuum AS
                SELECT p.*, p.max_dead_tuple_bytes AS max_dead_tuples, p.num_dead_item_ids AS num_dead_tuples
                FROM pg_catalog.pg_stat_progress_vacuum p
                """)
        }
        if serverVersion >= PostgresVersion.v18 {
            // 18 moved WAL writes and syncs to pg_stat_io, which reports bytes instead of op_bytes.
            views.append("""
                CREATE VIEW pga_removed.pg_stat_wal AS
                SELECT w.*, 0::int8 AS wal_write, 0::int8 AS wal_sync, 0::float8 AS wal_write_time, 0::float8 AS wal_sync_time
                FROM pg_catalog.pg_stat_wal w
                """)
            views.append("CREATE VIEW pga_removed.pg_stat_io AS SELECT i.*, 8192::int8 AS op_bytes FROM pg_catalog.pg_stat_io i")
        }
        return views
    }

    @Test("each version's SQL up to the server's own prepares")
    func prepares() throws {
        let database = "pga_prepare_check"
        try PostgresTestCluster.createDatabase(database)
        defer { PostgresTestCluster.dropDatabase(database) }
        let connection = try PostgresTestCluster.connect(database: database)
        let server = connection.serverVersionNum
        // PostgreSQL 13 renamed pg_stat_wal_receiver.received_lsn to flushed_lsn.
        try connection.execute("""
            CREATE SCHEMA pga_pg12;
            CREATE VIEW pga_pg12.pg_stat_wal_receiver AS SELECT w.*, w.flushed_lsn AS received_lsn FROM pg_catalog.pg_stat_wal_receiver w;
            CREATE SCHEMA pga_removed;
            DROP EXTENSION IF EXISTS pg_stat_statements
            """)
        for view in Self.removedColumnViews(serverVersion: server) { try connection.execute(view) }
        // A server build without pg_stat_statements prepares every other family's SQL.
        let statements = PostgresTestCluster.hasStatements
        var prepared = 0
        for version in PostgresVersion.majors where version <= server {
            // pg_stat_statements' columns follow the extension version, which can be installed
            // at an older version on this server: the one that version of PostgreSQL shipped.
            let extensionVersion = PostgresFamilyRequirements.statementsExtensionVersion(forServerVersion: version)
            if statements, version == PostgresVersion.v12 {
                try connection.execute("CREATE EXTENSION pg_stat_statements VERSION '\(extensionVersion)'")
            } else if statements {
                try connection.execute("ALTER EXTENSION pg_stat_statements UPDATE TO '\(extensionVersion)'")
            }
            let searchPath = version / 10000 == server / 10000 ? "public"
                : (version < PostgresVersion.v13 ? "pga_pg12, " : "") + "pga_removed, pg_catalog, public"
            try connection.execute("SET search_path = \(searchPath)")
            for family in PostgresFamilies.make() where statements || !family.requirements.needsStatementsExtension {
                guard let sql = family.sql(forServerVersion: version) else { continue }
                do {
                    try connection.execute("PREPARE pga_check AS \(sql)")
                    try connection.execute("DEALLOCATE pga_check")
                    prepared += 1
                } catch {
                    Issue.record("\(family.name) SQL for \(version) does not prepare on \(server): \(error)\n\(sql)")
                }
            }
        }
        #expect(prepared >= 4 * (statements ? 19 : 17), "families × versions up to the server's")
    }
}
