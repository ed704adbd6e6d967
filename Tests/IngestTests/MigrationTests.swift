import Foundation
import Ingest
import PostgresClient
import Testing
import WireProtocol

@Suite(.serialized) struct MigrationTests {
    @Test func appliesEachMigrationOnceAndIsIdempotent() throws {
        try IngestDatabase.with(migrate: nil) { database throws in
            let connection = try database.connect()
            let first = try Migrator().migrate(connection)
            #expect(first.applied == StandardMigrations.all().map(\.version))
            let second = try Migrator().migrate(connection)
            #expect(second.applied.isEmpty)
            #expect(second.currentVersion == StandardMigrations.all().last!.version)
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.schema_migrations") == Int64(StandardMigrations.all().count))
        }
    }

    @Test func concurrentMigratorsAllSucceedWithOneApplication() throws {
        try IngestDatabase.with(migrate: nil) { database throws in
            let applied = Locked<[[Int]]>([])
            let failures = Locked<[String]>([])
            let parameters = database.parameters
            let threads = (0..<4).map { _ in
                Thread {
                    do {
                        let connection = try PostgresConnection(parameters)
                        let report = try Migrator().migrate(connection)
                        applied.withLock { $0.append(report.applied) }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
            threads.forEach { $0.start() }
            while applied.withLock({ $0.count }) + failures.withLock({ $0.count }) < 4 { usleep(10_000) }
            #expect(failures.withLock { $0 } == [])
            let all = applied.withLock { $0 }.flatMap { $0 }.sorted()
            #expect(all == StandardMigrations.all().map(\.version))
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.schema_migrations") == Int64(StandardMigrations.all().count))
        }
    }

    @Test func anEditedMigrationIsRefused() throws {
        try IngestDatabase.with { database in
            var edited = StandardMigrations.all()
            edited[0].sql += "\n-- edited"
            let connection = try database.connect()
            #expect {
                try Migrator(migrations: edited).migrate(connection)
            } throws: { error in
                guard case MigrationError.modified(let version, _, _, _) = error else { return false }
                return version == 1
            }
        }
    }

    /// The migrated tables are exactly what the catalog says: names, order and types.
    @Test func migratedTablesMatchTheCatalog() throws {
        try IngestDatabase.with { database in
            let connection = try database.connect()
            for family in FamilyCatalog.standard.families {
                let result = try connection.query("""
                    SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull
                    FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
                    """, params: ["pganalytics.\(family.name)"])
                let expected = [["time", "timestamp with time zone"], ["collector_id", "text"]]
                    + family.columns.map { [$0.name, $0.postgresType == "timestamptz" ? "timestamp with time zone" : $0.postgresType] }
                let actual = result.rows.map { row in row.prefix(2).map { value -> String in if case .text(let text) = value { text } else { "?" } } }
                #expect(actual == expected, "table \(family.name)")
                let partitioned = try connection.query("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = $1::regclass",
                                                       params: ["pganalytics.\(family.name)"])
                #expect(partitioned.rows[0][0] == .int8(1), "\(family.name) is partitioned")
            }
            #expect(try database.scalar("""
                SELECT count(*) FROM pg_indexes WHERE schemaname = 'pganalytics' AND indexname LIKE '%_collector_time_idx'
                """) == Int64(FamilyCatalog.standard.families.count))
        }
    }

    @Test func catalogCoversTheCollectorsFamilies() {
        let names = Set(FamilyCatalog.standard.names)
        for family in ["pg_cluster", "pg_settings_changed", "pg_stat_database", "pg_activity", "pg_locks", "pg_blocking",
                       "pg_stat_statements", "pg_stat_statements_text", "pg_replication", "pg_replication_slots", "pg_wal_receiver",
                       "pg_wal", "pg_checkpointer", "pg_archiver", "pg_stat_io", "pg_tables", "pg_indexes", "pg_vacuum_progress",
                       "pg_autovacuum", "pg_extensions", "host_cpu", "host_load", "host_memory", "host_disk", "host_filesystem",
                       "host_network", "collector_process", "collector_events"] {
            #expect(names.contains(family), "\(family) is in the catalog")
        }
        for family in FamilyCatalog.standard.families {
            #expect(WireName.isValid(family.name))
            #expect(family.columns.allSatisfy { WireName.isValid($0.name) })
        }
    }
}

/// A value behind a lock, for test threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
