@testable import Collector
import Foundation
import PostgresClient
import Testing
import WireProtocol

/// A family whose statement always fails.
private final class BrokenFamily: SimplePostgresFamily {
    let name = "pg_broken"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements()
    func sql(forServerVersion version: Int) -> String? { "SELECT * FROM pga_no_such_table" }
}

@Suite("PostgreSQL sampler behaviour", .serialized)
struct PostgresSamplerBehaviourTests {
    @Test("pg_stat_statements ranks by time spent since the previous round", .enabled(if: PostgresTestCluster.hasStatements))
    func ranksByDelta() throws {
        // Other suites run statements at the same time (CREATE DATABASE, COPY), so the marker
        // must be among the top ten rather than first; the exact ranking is tested without a server.
        let sampler = try PostgresSampler.test(options: PostgresSamplerOptions(statementsLimit: 10))
        let families: Set = ["pg_stat_statements", "pg_stat_statements_text"]
        let first = sampler.collect(families, at: .now())
        #expect(first.failures.isEmpty, "\(first.failures)")
        #expect((2...11).contains(first.rows("pg_stat_statements").count))
        let worker = try PostgresTestCluster.connect()
        for _ in 0..<4 { _ = try worker.query("SELECT 1 AS pga_top_marker FROM pg_sleep($1)", params: ["0.25"]) }
        let second = sampler.collect(families, at: .now())
        let top = second.rows("pg_stat_statements").dropLast()
        // A text is sent once: the marker's may have gone out in the first round already.
        let sentTexts = first.batches("pg_stat_statements_text") + second.batches("pg_stat_statements_text")
        let texts = Dictionary(sentTexts.flatMap { batch in batch.rows.map { row in Dictionary(uniqueKeysWithValues: zip(batch.columns.map(\.name), row)) } }.map { ($0["queryid"]?.intValue ?? -1, $0["query"]?.textValue ?? "") },
                               uniquingKeysWith: { a, _ in a })
        let marker = try #require(top.first { texts[$0["queryid"]?.intValue ?? -1]?.contains("pga_top_marker") == true },
                                  "top statements: \(top.map { $0["queryid"] }), texts: \(texts)")
        #expect(marker["calls"]?.intValue ?? 0 >= 4)
        #expect(marker["total_exec_time"]?.doubleValue ?? 0 >= 1000)
        let third = sampler.collect(families, at: .now())
        #expect(!third.batches("pg_stat_statements_text").flatMap(\.rows).contains { $0[0] == marker["queryid"] }, "sent once")
    }

    @Test("pg_settings_changed is sent first, then only when a setting changes")
    func settingsChanged() throws {
        let sampler = try PostgresSampler.test()
        let families: Set = ["pg_settings_changed"]
        let first = sampler.collect(families, at: .now())
        #expect(first.rows("pg_settings_changed").contains { $0["name"] == .text("max_connections") && $0["setting"] == .text("300") })
        #expect(!first.rows("pg_settings_changed").contains { $0["source"] == .text("session") || $0["source"] == .text("default") })
        #expect(sampler.collect(families, at: .now()).batches.isEmpty)
        let admin = try PostgresTestCluster.connect()
        try admin.execute("ALTER SYSTEM SET work_mem = '7MB'")
        defer { try? admin.execute("ALTER SYSTEM RESET work_mem"); _ = try? admin.query("SELECT pg_reload_conf()") }
        _ = try admin.query("SELECT pg_reload_conf()")
        var changed: [[String: Value]] = []
        for _ in 0..<50 where changed.isEmpty {
            let round = sampler.collect(families, at: .now())
            if !round.batches.isEmpty { changed = round.rows("pg_settings_changed") }
            else { usleep(100_000) }
        }
        #expect(changed.contains { $0["name"] == .text("work_mem") && $0["setting"] == .text("7168") && $0["unit"] == .text("kB") })
    }

    @Test("pg_locks counts a held lock and pg_blocking names the blocker")
    func blocking() throws {
        let holder = try PostgresTestCluster.connect()
        try holder.execute("CREATE TABLE IF NOT EXISTS pga_block_test (id int)")
        try holder.execute("BEGIN; LOCK TABLE pga_block_test IN ACCESS EXCLUSIVE MODE")
        let waiter = Process()
        waiter.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        waiter.arguments = ["psql", "-X", "-q", "-c", "SELECT count(*) FROM pga_block_test"]
        var env = ProcessInfo.processInfo.environment
        env["PGOPTIONS"] = "-c statement_timeout=20s -c lock_timeout=0"
        waiter.environment = env
        waiter.standardOutput = FileHandle.nullDevice
        waiter.standardError = FileHandle.nullDevice
        try waiter.run()
        defer {
            try? holder.execute("ROLLBACK")
            waiter.waitUntilExit()
        }
        let sampler = try PostgresSampler.test()
        var blocked: [String: Value]?
        var round = SampleResult()
        for _ in 0..<50 where blocked == nil {
            round = sampler.collect(["pg_blocking", "pg_locks"], at: .now())
            blocked = round.rows("pg_blocking").first { $0["blocked_query"]?.textValue?.contains("pga_block_test") == true }
            if blocked == nil { usleep(100_000) }
        }
        let row = try #require(blocked)
        #expect(row["blocking_pids"] == .text(String(holder.backendPID)))
        #expect(row["blocking_count"] == .int8(1))
        #expect(row["wait_seconds"]?.doubleValue ?? -1 >= 0)
        #expect(row["wait_event_type"] == .text("Lock"))
        let locks = round.rows("pg_locks")
        #expect(locks.contains { $0["locktype"] == .text("relation") && $0["mode"] == .text("AccessExclusiveLock") && $0["granted"] == .bool(true) })
        #expect(locks.contains { $0["mode"] == .text("AccessShareLock") && $0["granted"] == .bool(false) })
    }

    @Test("without pg_monitor, the families that need it are notPermitted and the rest run")
    func notPermitted() throws {
        let role = "pga_plain_\(getpid())"
        let admin = try PostgresTestCluster.connect()
        try admin.execute("DROP ROLE IF EXISTS \(role); CREATE ROLE \(role) LOGIN PASSWORD 'plain-secret'")
        defer { try? admin.execute("DROP ROLE IF EXISTS \(role)") }
        let sampler = try PostgresSampler.test { $0.user = role; $0.password = "plain-secret" }
        defer { sampler.connection.disconnect() }
        let availability = Dictionary(uniqueKeysWithValues: sampler.availability().map { ($0.family, $0.status) })
        let statements = PostgresTestCluster.hasStatements ? ["pg_stat_statements", "pg_stat_statements_text"] : []
        for family in ["pg_activity", "pg_blocking", "pg_replication", "pg_vacuum_progress"] + statements {
            guard case .notPermitted = availability[family] else {
                Issue.record("\(family): \(String(describing: availability[family]))")
                continue
            }
        }
        #expect(availability["pg_cluster"] == .available)
        #expect(availability["pg_tables"] == .available)
        let round = sampler.collectAll()
        #expect(round.failures.isEmpty, "\(round.failures)")
        #expect(round.batches("pg_activity").isEmpty)
        #expect(!round.batches("pg_stat_database").isEmpty)
    }

    @Test("a failing family is reported and the others still run")
    func failureIsolated() throws {
        let connection = ReconnectingConnection(try PostgresTestCluster.parameters())
        let sampler = PostgresSampler(name: "test", connection: connection, definitions: [BrokenFamily(), ClusterFamily(), LocksFamily()])
        let round = sampler.collect(["pg_broken", "pg_cluster", "pg_locks"], at: .now())
        #expect(round.failures.keys.sorted() == ["pg_broken"])
        #expect(round.failures["pg_broken"]?.contains("42P01") == true)
        #expect(round.batches.map(\.family) == ["pg_cluster", "pg_locks"])
    }

    @Test("a terminated session fails one round, the next reconnects")
    func reconnects() throws {
        let sampler = try PostgresSampler.test()
        #expect(sampler.collect(["pg_cluster"], at: .now()).failures.isEmpty)
        let pid = try sampler.connection.connection().backendPID
        _ = try PostgresTestCluster.connect().query("SELECT pg_terminate_backend($1::int)", params: [String(pid)])
        usleep(100_000)
        let lost = sampler.collect(["pg_cluster"], at: .now())
        #expect(lost.failures["pg_cluster"]?.contains("connectionLost") == true, "\(lost.failures)")
        let back = sampler.collect(["pg_cluster"], at: .now())
        #expect(back.failures.isEmpty, "\(back.failures)")
        #expect(back.batches.count == 1)
        #expect(sampler.connection.generation == 2)
    }

    @Test("a second database gets the per-database families; pg_stat_statements needs the extension there",
          .enabled(if: PostgresTestCluster.hasStatements))
    func secondDatabase() throws {
        let database = "pga_second"
        try PostgresTestCluster.createDatabase(database)
        defer { PostgresTestCluster.dropDatabase(database) }
        let setup = try PostgresTestCluster.connect(database: database)
        try setup.execute("CREATE TABLE pga_second_table (id int PRIMARY KEY, note text); INSERT INTO pga_second_table SELECT g, 'n' FROM generate_series(1, 100) g")
        try setup.execute("DROP EXTENSION pg_stat_statements")
        defer { setup.close() }
        let sampler = try PostgresSampler.test(database: database, includeCluster: false)
        defer { sampler.connection.disconnect() }
        #expect(sampler.families == ["pg_tables", "pg_indexes", "pg_vacuum_progress", "pg_extensions"])
        #expect(sampler.name == "postgres:\(database)")
        // Statistics reach shared memory when the writing session ends or goes idle for a while.
        setup.close()
        var round = sampler.collectAll()
        var table = round.rows("pg_tables").first { $0["relname"] == .text("pga_second_table") }
        for _ in 0..<50 where table?["n_tup_ins"] != .int8(100) {
            usleep(100_000)
            round = sampler.collectAll()
            table = round.rows("pg_tables").first { $0["relname"] == .text("pga_second_table") }
        }
        #expect(round.failures.isEmpty, "\(round.failures)")
        let found = try #require(table)
        #expect(found["datname"] == .text(database))
        #expect(found["n_tup_ins"] == .int8(100))
        #expect(round.rows("pg_indexes").contains { $0["indexrelname"] == .text("pga_second_table_pkey") })
        #expect(round.rows("pg_extensions").allSatisfy { $0["extname"] != .text("pg_stat_statements") })

        let withCluster = try PostgresSampler.test(database: database)
        defer { withCluster.connection.disconnect() }
        let status = withCluster.availability().first { $0.family == "pg_stat_statements" }?.status
        guard case .unavailable(let reason) = status else {
            Issue.record("pg_stat_statements without the extension: \(String(describing: status))")
            return
        }
        #expect(reason.contains("not created"))
    }

    @Test("the tables family is bounded by its limit")
    func tablesLimit() throws {
        let database = "pga_many_tables"
        try PostgresTestCluster.createDatabase(database)
        defer { PostgresTestCluster.dropDatabase(database) }
        let setup = try PostgresTestCluster.connect(database: database)
        try setup.execute("DO $$ BEGIN FOR i IN 1..30 LOOP EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY)', i); END LOOP; END $$")
        let sampler = try PostgresSampler.test(database: database, includeCluster: false,
                                               options: PostgresSamplerOptions(tablesLimit: 5, indexesLimit: 3))
        defer { sampler.connection.disconnect() }
        let round = sampler.collect(["pg_tables", "pg_indexes"], at: .now())
        #expect(round.failures.isEmpty)
        #expect((1...10).contains(round.rows("pg_tables").count), "at most 5 largest + 5 busiest")
        #expect((1...6).contains(round.rows("pg_indexes").count))
    }
}
