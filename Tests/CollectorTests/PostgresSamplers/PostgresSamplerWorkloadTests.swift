@testable import Collector
import PostgresClient
import Testing
import WireProtocol

/// Every family against the live server after a pgbench workload.
@Suite("PostgreSQL sampler under a pgbench workload")
struct PostgresSamplerWorkloadTests {
    @Test("every available family runs, and the counters follow the workload")
    func workload() throws {
        let database = "pga_bench"
        try PostgresTestCluster.createDatabase(database)
        defer { PostgresTestCluster.dropDatabase(database) }
        let initialise = try PostgresTestCluster.run("pgbench", ["-i", "-s", "1", "-q", database])
        try #require(initialise.status == 0, "pgbench -i: \(initialise.output)")

        let sampler = try PostgresSampler.test(database: database, options: PostgresSamplerOptions(statementsLimit: 5))
        let availability = Dictionary(uniqueKeysWithValues: sampler.availability().map { ($0.family, $0.status) })
        #expect(availability.count == 20)
        let server = try #require(sampler.server)
        #expect(availability["pg_stat_io"] == .unavailable(reason: "not available on this version: needs PostgreSQL 16 or later, the server is \(PostgresFamilyRequirements.display(server.versionNum))")
                || server.versionNum >= PostgresVersion.v16)
        #expect(availability["pg_wal_receiver"] == .unavailable(reason: "the server is not a standby"))
        // A server build without pg_stat_statements (tools/test's matrix has one) lacks its two families.
        let statements = server.statementsLibraryLoaded
        let expected = availability.filter { $0.value == .available }.map(\.key)
        #expect(expected.count == 20 - 1 - (server.versionNum < PostgresVersion.v16 ? 1 : 0) - (statements ? 0 : 2))

        let first = sampler.collectAll()
        #expect(first.failures.isEmpty, "\(first.failures)")
        for family in expected {
            #expect(first.batches(family).count == 1, "\(family) in the first round")
        }
        let before = try #require(first.rows("pg_stat_database").first { $0["datname"] == .text(database) })

        let transactions = 200, clients = 2
        let bench = try PostgresTestCluster.run("pgbench", ["-n", "-c", String(clients), "-t", String(transactions), database])
        try #require(bench.status == 0, "pgbench: \(bench.output)")

        let second = sampler.collectAll()
        #expect(second.failures.isEmpty, "\(second.failures)")
        let after = try #require(second.rows("pg_stat_database").first { $0["datname"] == .text(database) })
        let committed = (after["xact_commit"]?.intValue ?? 0) - (before["xact_commit"]?.intValue ?? 0)
        #expect(committed >= Int64(transactions * clients), "xact_commit grew by \(committed)")
        #expect(after["size_bytes"]?.intValue ?? 0 > 1_000_000)
        #expect(after["frozen_xid_age"]?.intValue ?? -1 >= 0)
        #expect(after["stats_reset"] != nil)

        let cluster = try #require(second.rows("pg_cluster").first)
        #expect(cluster["server_version_num"]?.intValue == Int64(server.versionNum))
        #expect(cluster["in_recovery"] == .bool(false))
        #expect(cluster["uptime_seconds"]?.doubleValue ?? 0 > 0)
        #expect(cluster["version"]?.textValue?.hasPrefix("PostgreSQL") == true)

        let tables = second.rows("pg_tables")
        let accounts = try #require(tables.first { $0["relname"] == .text("pgbench_accounts") })
        #expect(accounts["datname"] == .text(database))
        #expect(accounts["n_tup_upd"]?.intValue ?? 0 >= Int64(transactions * clients))
        #expect(accounts["total_bytes"]?.intValue ?? 0 > accounts["table_bytes"]?.intValue ?? 0)
        #expect(tables.contains { $0["relname"] == .text("pgbench_history") && $0["n_tup_ins"]?.intValue ?? 0 >= Int64(transactions * clients) })
        #expect(second.rows("pg_indexes").contains { $0["indexrelname"] == .text("pgbench_accounts_pkey") && $0["is_primary"] == .bool(true) })
        #expect(second.rows("pg_extensions").contains { $0["extname"] == .text("pg_stat_statements") } == statements)

        let wal = try #require(second.rows("pg_wal").first)
        guard case .numeric(let lsn) = wal["current_lsn_bytes"] ?? .null else {
            Issue.record("pg_wal.current_lsn_bytes is \(String(describing: wal["current_lsn_bytes"]))")
            return
        }
        #expect(lsn.sign == .positive && !lsn.digits.isEmpty)
        #expect(wal["current_walfile"]?.textValue?.count == 24)
        #expect(wal["wal_records"]?.intValue ?? 0 > 0)
        #expect(second.rows("pg_checkpointer").count == 1)
        #expect(second.rows("pg_archiver").count == 1)
        #expect(second.rows("pg_autovacuum").first?["enabled"] == .bool(true))
        #expect(second.rows("pg_activity").reduce(0) { $0 + ($1["sessions"]?.intValue ?? 0) } >= 1)

        // The settings were sent in the first round and have not changed since.
        #expect(!first.rows("pg_settings_changed").isEmpty)
        #expect(second.batches("pg_settings_changed").isEmpty)

        guard statements else {
            #expect(availability["pg_stat_statements"] == .unavailable(reason: "pg_stat_statements is not in shared_preload_libraries"))
            #expect(second.batches("pg_stat_statements").isEmpty && second.batches("pg_stat_statements_text").isEmpty)
            return
        }
        let ranked = second.rows("pg_stat_statements")
        #expect(ranked.count == 6, "five statements and <other>")
        let other = try #require(ranked.last)
        #expect(other["queryid"] == .int8(0))
        #expect(other["calls"]?.intValue ?? 0 > 0, "the rest of the workload")
        #expect(other["min_exec_time"] == .null)
        #expect(ranked.dropLast().allSatisfy { $0["queryid"] != .int8(0) && $0["calls"]?.intValue ?? 0 > 0 })

        // Texts: the first round's top and <other>, then only statements not sent before.
        let firstTexts = first.rows("pg_stat_statements_text")
        let firstIDs = Set(firstTexts.compactMap { $0["queryid"]?.intValue })
        #expect(firstIDs.contains(0))
        #expect(firstTexts.first { $0["queryid"] == .int8(0) }?["query"] == .text("<other>"))
        #expect(firstIDs.count >= 5)
        let secondIDs = second.batches("pg_stat_statements_text").flatMap { $0.rows }.compactMap { $0[0].intValue }
        #expect(Set(secondIDs).isDisjoint(with: firstIDs), "texts are sent once")
        let topIDs = Set(ranked.dropLast().compactMap { $0["queryid"]?.intValue })
        #expect(topIDs.isSubset(of: firstIDs.union(secondIDs)), "every ranked statement's text was sent")
    }
}
