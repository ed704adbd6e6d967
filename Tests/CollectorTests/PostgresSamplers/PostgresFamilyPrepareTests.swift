@testable import Collector
import PostgresClient
import Testing

/// Every version's SQL that the live server could run (versions up to its own) is PREPAREd there:
/// that checks syntax, every view and column name and every type, without running it.
@Suite("PostgreSQL family SQL prepares on the live server")
struct PostgresFamilyPrepareTests {
    @Test("each version's SQL up to the server's own prepares")
    func prepares() throws {
        let database = "pga_prepare_check"
        try PostgresTestCluster.createDatabase(database)
        defer { PostgresTestCluster.dropDatabase(database) }
        let connection = try PostgresTestCluster.connect(database: database)
        // PostgreSQL 13 renamed pg_stat_wal_receiver.received_lsn to flushed_lsn; 12's view is
        // emulated by a view of the same name earlier on the search path.
        try connection.execute("""
            CREATE SCHEMA pga_pg12;
            CREATE VIEW pga_pg12.pg_stat_wal_receiver AS SELECT w.*, w.flushed_lsn AS received_lsn FROM pg_catalog.pg_stat_wal_receiver w;
            DROP EXTENSION IF EXISTS pg_stat_statements
            """)
        var prepared = 0
        for version in PostgresVersion.majors where version <= connection.serverVersionNum {
            // pg_stat_statements' columns follow the extension version, which can be installed
            // at an older version on this server: the one that version of PostgreSQL shipped.
            let extensionVersion = PostgresFamilyRequirements.statementsExtensionVersion(forServerVersion: version)
            if version == PostgresVersion.v12 {
                try connection.execute("CREATE EXTENSION pg_stat_statements VERSION '\(extensionVersion)'")
            } else {
                try connection.execute("ALTER EXTENSION pg_stat_statements UPDATE TO '\(extensionVersion)'")
            }
            let searchPath = version < PostgresVersion.v13 ? "pga_pg12, pg_catalog, public" : "public"
            try connection.execute("SET search_path = \(searchPath)")
            for family in PostgresFamilies.make() {
                guard let sql = family.sql(forServerVersion: version) else { continue }
                do {
                    try connection.execute("PREPARE pga_check AS \(sql)")
                    try connection.execute("DEALLOCATE pga_check")
                    prepared += 1
                } catch {
                    Issue.record("\(family.name) SQL for \(version) does not prepare on \(connection.serverVersionNum): \(error)\n\(sql)")
                }
            }
        }
        #expect(prepared >= 4 * 19, "families × versions up to the server's")
    }
}
