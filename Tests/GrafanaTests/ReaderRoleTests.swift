import Ingest
import IngestTestSupport
import PostgresClient
import Testing

/// The role Grafana's data source logs in as (a member of `pganalytics_reader`, migration 5).
@Suite("The reader role")
struct ReaderRoleTests {
    @Test("pganalytics_reader reads every table and view of the schema and changes nothing")
    func readsEverythingWritesNothing() throws {
        try MigratedDatabase.with(prefix: "pga_grafana_reader_", statementTimeoutMilliseconds: nil, lockTimeoutMilliseconds: nil) { database in
            try database.withConnection(check)
        }
    }

    private func check(_ connection: PostgresConnection) throws {
        let relations = try connection.query("""
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'pganalytics' AND c.relkind IN ('r', 'p', 'v') ORDER BY 1
            """).rows.compactMap { QueryRunner.text($0[0]) }
        #expect(relations.contains("collectors") && relations.contains("pg_stat_database_rates") && relations.contains("host_cpu"))
        try connection.execute("SET ROLE \(ReaderRole.name)")
        for relation in relations {
            #expect(throws: Never.self, "SELECT from \(relation)") { _ = try connection.query("SELECT count(*) FROM pganalytics.\(relation)") }
        }
        for statement in ["INSERT INTO pganalytics.collectors (id) VALUES ('intruder')", "UPDATE pganalytics.collectors SET revoked = true",
                          "DELETE FROM pganalytics.host_load", "CREATE TABLE pganalytics.intruder (x int)",
                          "DROP VIEW pganalytics.host_cpu_rates", "TRUNCATE pganalytics.host_load"] {
            #expect(throws: PostgresError.self, "\(statement)") { try connection.execute(statement) }
        }
        // Partitions made after the migration (by the migrating role) are readable too.
        try connection.execute("RESET ROLE")
        try PartitionMaintainer(policy: PartitionPolicy(daysAhead: 2, retentionDays: 3, daysBehind: 1)).maintain(connection)
        try connection.execute("SET ROLE \(ReaderRole.name)")
        let newest = try connection.query("""
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'pganalytics' AND c.relkind = 'r' AND c.relname LIKE 'host\\_load\\_p%' ORDER BY 1 DESC LIMIT 1
            """).rows.compactMap { QueryRunner.text($0[0]) }.first
        let partition = try #require(newest)
        #expect(throws: Never.self) { _ = try connection.query("SELECT count(*) FROM pganalytics.\(partition)") }
    }
}

enum ReaderRole {
    static let name = "pganalytics_reader"
}
