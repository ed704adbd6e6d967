import Foundation
import Ingest
import PostgresClient
import PostgresTestSupport
import Spool
import Testing
import WireProtocol

/// A metrics database holding data, and what the queries should be run for.
struct LoadedMetrics: Sendable {
    /// The metrics database (schema `pganalytics`).
    var parameters: ConnectionParameters
    /// The collector whose data the per-collector dashboards show.
    var collectorID: String
    /// Milliseconds since the Unix epoch: the time range holding the data.
    var fromMilliseconds: Int64
    var toMilliseconds: Int64
    /// How the data got there, for the report.
    var source: String
    /// Whether the data is the fixture's known scenario (a blocked session, a standby...).
    var scenario: Bool = false
    /// Drops what the fixture created.
    var cleanup: @Sendable () -> Void
}

/// Where the metrics database's data comes from. The queries and their checks do not care.
protocol MetricsSource {
    func load() async throws -> LoadedMetrics
}

/// An existing metrics database, after a real pipeline run (tools/grafana-check): the test
/// cluster's database named by PGA_GRAFANA_CHECK_DATABASE, the collector named by
/// PGA_GRAFANA_CHECK_COLLECTOR (default: the most recently seen) and the last
/// PGA_GRAFANA_CHECK_MINUTES minutes (default 15).
struct ExistingMetricsDatabase: MetricsSource {
    var database: String

    static func fromEnvironment() -> ExistingMetricsDatabase? {
        PostgresTestEnvironment.environment("PGA_GRAFANA_CHECK_DATABASE").map { ExistingMetricsDatabase(database: $0) }
    }

    func load() async throws -> LoadedMetrics {
        var parameters = try PostgresTestEnvironment.parameters(database: database)
        parameters.statementTimeoutMilliseconds = 60_000
        let connection = try PostgresConnection(parameters)
        defer { connection.close() }
        var collector = PostgresTestEnvironment.environment("PGA_GRAFANA_CHECK_COLLECTOR")
        if collector == nil {
            let result = try connection.query("SELECT id FROM pganalytics.collectors WHERE NOT revoked ORDER BY last_seen DESC NULLS LAST LIMIT 1")
            collector = result.rows.first.flatMap { QueryRunner.text($0[0]) }
        }
        let minutes = PostgresTestEnvironment.environment("PGA_GRAFANA_CHECK_MINUTES").flatMap { Int64($0) } ?? 15
        let now = Clock.milliseconds()
        return LoadedMetrics(parameters: parameters, collectorID: try #require(collector, "no collector in \(database)"),
                             fromMilliseconds: now - minutes * 60_000, toMilliseconds: now,
                             source: "existing database \(database)", cleanup: {})
    }
}

/// The real collector (`pganalytics`, built next to the tests) samples a scratch database under
/// a pgbench workload, a streaming WAL receiver on a replication slot, a session idle in a
/// transaction holding a lock and a session blocked on it; its spool is then stored through the
/// backend's writer (`WriterPool`, exactly once, COPY BINARY) into a fresh, migrated metrics
/// database, as the backend stores what collectors ship.
struct CollectorSpoolReplay: MetricsSource {
    /// How long the collector and the workload run.
    var seconds: Double = 14
    /// The collector's `[collector] interval`. At 1 s the slow families (tables, indexes,
    /// settings, extensions) are sampled every second too; otherwise they keep their defaults,
    /// as in a deployment.
    var interval: Int = 1

    /// The test's run, or the one PGA_GRAFANA_RUN_SECONDS and PGA_GRAFANA_RUN_INTERVAL ask for
    /// (tools/grafana-check --run).
    static func fromEnvironment() -> CollectorSpoolReplay {
        var replay = CollectorSpoolReplay()
        if let seconds = PostgresTestEnvironment.environment("PGA_GRAFANA_RUN_SECONDS").flatMap(Double.init) { replay.seconds = seconds }
        if let interval = PostgresTestEnvironment.environment("PGA_GRAFANA_RUN_INTERVAL").flatMap({ Int($0) }) { replay.interval = interval }
        return replay
    }

    func load() async throws -> LoadedMetrics {
        let id = UInt64.random(in: 0...UInt64.max)
        let cluster = try PostgresTestEnvironment.parameters()
        let admin = try PostgresConnection(cluster)
        defer { admin.close() }
        let metricsName = "pga_grafana_metrics_\(id)"
        let benchName = "pga_grafana_bench_\(id)"
        let slot = "pga_grafana_\(id)"
        let collectorID = "grafana-test-\(id)"
        let directory = try Workload.temporaryDirectory()
        let cleanup: @Sendable () -> Void = {
            guard let admin = try? PostgresConnection(cluster) else { return }
            // The WAL sender of the stopped receiver may take a moment to release the slot.
            for _ in 0..<50 {
                let dropped = try? admin.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1", params: [slot])
                if dropped != nil { break }
                usleep(100_000)
            }
            ScratchDatabase.drop(metricsName, on: admin)
            ScratchDatabase.drop(benchName, on: admin)
            admin.close()
            try? FileManager.default.removeItem(atPath: directory)
        }
        do {
            try ScratchDatabase.create(metricsName, on: admin)
            try ScratchDatabase.create(benchName, on: admin)
            var metrics = cluster
            metrics.database = metricsName
            metrics.statementTimeoutMilliseconds = 60_000
            let started = Clock.milliseconds()
            let spoolPath = try await collect(benchmark: benchName, slot: slot, directory: directory)
            try await store(spoolPath: spoolPath, into: metrics, collectorID: collectorID)
            return LoadedMetrics(parameters: metrics, collectorID: collectorID, fromMilliseconds: started - 60_000,
                                 toMilliseconds: Clock.milliseconds() + 1000,
                                 source: "the pganalytics collector process (\(interval) s interval, \(Int(seconds)) s, pgbench, a WAL receiver, a blocked session), its spool stored through Ingest's WriterPool",
                                 scenario: true, cleanup: cleanup)
        } catch {
            cleanup()
            throw error
        }
    }

    /// Runs the workload and the collector; returns the collector's spool directory.
    private func collect(benchmark: String, slot: String, directory: String) async throws -> String {
        var env = ProcessInfo.processInfo.environment
        env["PGDATABASE"] = benchmark
        let setup = try Workload.run("pgbench", ["-i", "-s", "1", "-q", benchmark], environment: env)
        try #require(setup.status == 0, "pgbench -i: \(setup.output)")
        let bench = try PostgresConnection(PostgresTestEnvironment.parameters(database: benchmark))
        defer { bench.close() }
        // An index nothing scans, and a table for the lock scenario.
        try bench.execute("CREATE INDEX pgbench_history_mtime_idx ON pgbench_history (mtime); CREATE TABLE grafana_lock_probe (id int)")
        _ = try bench.query("SELECT slot_name::text FROM pg_create_physical_replication_slot($1, true)", params: [slot])

        let spool = directory + "/spool"
        let config = directory + "/collector.toml"
        let slow = interval > 1 ? "" : ["pg_settings_changed", "pg_extensions", "pg_tables", "pg_indexes"].map { "\($0) = 1" }.joined(separator: "\n")
        try """
            [collector]
            interval = \(interval)
            hostname = "grafana-test-host"
            [postgres]
            databases = ["\(benchmark)"]
            [intervals]
            \(slow)
            [spool]
            dir = "\(spool)"
            max_bytes = "256MiB"
            fsync = "never"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)

        let receiver = try Workload.start("pg_receivewal", ["-D", directory + "/wal", "--slot", slot, "-s", "1", "-n", "--no-sync"],
                                          environment: env, prepare: { try FileManager.default.createDirectory(atPath: directory + "/wal", withIntermediateDirectories: true) })
        defer { Workload.stop(receiver) }
        // A session idle in a transaction that holds a lock, and one waiting for it.
        let holder = try PostgresConnection(PostgresTestEnvironment.parameters(database: benchmark))
        defer { holder.close() }
        try holder.execute("BEGIN; LOCK TABLE grafana_lock_probe IN ACCESS EXCLUSIVE MODE")
        let waiter = try Workload.start("psql", ["-X", "-q", "-c", "SELECT count(*) FROM grafana_lock_probe"], environment: env)
        defer { Workload.stop(waiter) }
        let workload = try Workload.start("pgbench", ["-n", "-c", "2", "-T", String(Int(seconds)), benchmark], environment: env)
        defer { Workload.stop(workload) }

        let collector = try Workload.start(Workload.collectorBinary, ["--config", config], environment: env)
        defer { Workload.stop(collector) }
        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        collector.process.terminate()
        collector.process.waitUntilExit()
        let log = collector.output()
        #expect(collector.process.terminationStatus == 0, "the collector failed: \(log)")
        try holder.execute("ROLLBACK")
        return spool
    }

    /// Registers the collector, stores every spooled BATCH through a WriterPool and records
    /// what a HELLO would report.
    private func store(spoolPath: String, into metrics: ConnectionParameters, collectorID: String) async throws {
        let connection = try PostgresConnection(metrics)
        defer { connection.close() }
        try Migrator(migrations: StandardMigrations.all()).migrate(connection)
        try PartitionMaintainer(policy: PartitionPolicy(daysAhead: 1, retentionDays: 3, daysBehind: 1)).maintain(connection)
        try CollectorStore().register(.init(id: collectorID, name: collectorID, hostname: "grafana-test-host", region: "test"), on: connection)

        let spool = try Spool.open(directory: spoolPath, options: SpoolOptions(fsync: .never, maxBytes: 256 << 20))
        defer { try? spool.close() }
        let reader = spool.reader(from: 1)
        var records: [IngestRecord] = []
        while let record = try reader.next() {
            guard case .batch(let sequence, let batch) = try Message.decode(try record.frame()) else { continue }
            records.append(IngestRecord(collectorID: collectorID, sequence: sequence, batch: batch))
        }
        try #require(records.count > 20, "the collector spooled \(records.count) records")
        // What the collector's HELLO reports when it connects, before shipping.
        let stats = spool.stats
        try CollectorStore().recordHello(of: collectorID, droppedRecords: stats.droppedRecords, droppedSamples: stats.droppedSamples,
                                         software: "pganalytics (test)", firstUnacknowledged: stats.firstUnacknowledged,
                                         lastWritten: stats.lastSequence, on: connection)
        let pool = WriterPool(parameters: metrics, configuration: WriterPoolConfiguration(writers: 2))
        var stored = 0
        for chunk in stride(from: 0, to: records.count, by: 64).map({ Array(records[$0..<min($0 + 64, records.count)]) }) {
            let result = try await pool.submit(chunk)
            for outcome in result.outcomes {
                if case .stored = outcome.status { stored += 1 } else {
                    Issue.record("record \(outcome.sequence) (\(outcome.family)): \(outcome.status)")
                }
            }
        }
        await pool.shutdown()
        #expect(stored == records.count)
    }
}

/// Milliseconds since the Unix epoch.
enum Clock {
    static func milliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
