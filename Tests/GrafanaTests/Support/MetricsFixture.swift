import Foundation
import Ingest
import IngestTestSupport
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

/// The real collector (`pganalytics`, built next to the tests) samples the `Scenario` (pgbench,
/// a WAL receiver, a blocked session); its spool is then stored through the backend's writer
/// (`WriterPool`, exactly once, COPY BINARY) into a fresh, migrated metrics database, as the
/// backend stores what collectors ship. Used when the backend executable is not built.
struct CollectorSpoolReplay: MetricsSource {
    /// How long the collector and the workload run.
    var seconds: Double = 14
    /// The collector's `[collector] interval`. At 1 s the slow families (tables, indexes,
    /// settings, extensions) are sampled every second too; otherwise they keep their defaults,
    /// as in a deployment.
    var interval: Int = 1

    func load() async throws -> LoadedMetrics {
        let scenario = try Scenario(seconds: seconds, interval: interval)
        let collectorID = "grafana-test-\(scenario.id)"
        return try await scenario.withMetricsDatabase { metrics, cleanup in
            let started = Clock.milliseconds()
            let config = try scenario.writeCollectorConfig()
            try await scenario.run { environment in
                let collector = try Workload.start(Workload.collectorBinary, ["--config", config], environment: environment)
                defer { Workload.stop(collector) }
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                collector.process.terminate()
                collector.process.waitUntilExit()
                #expect(collector.process.terminationStatus == 0, "the collector failed: \(collector.output())")
            }
            try await store(spoolPath: scenario.spoolPath, into: metrics, collectorID: collectorID)
            return LoadedMetrics(parameters: metrics, collectorID: collectorID, fromMilliseconds: started - 60_000,
                                 toMilliseconds: Clock.milliseconds() + 1000,
                                 source: "the pganalytics collector process (\(interval) s interval, \(Int(seconds)) s, pgbench, a WAL receiver, a blocked session), its spool stored through Ingest's WriterPool",
                                 scenario: true, cleanup: cleanup)
        }
    }

    /// Registers the collector, stores every spooled BATCH through a WriterPool and records
    /// what a HELLO would report.
    private func store(spoolPath: String, into metrics: ConnectionParameters, collectorID: String) async throws {
        let connection = try PostgresConnection(metrics)
        defer { connection.close() }
        try TestSchema.partitioned().prepare(connection)
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

/// Which data the live test runs on: an existing database (PGA_GRAFANA_CHECK_DATABASE), else the
/// full pipeline when the backend is built, else the collector's spool stored through the
/// writer. PGA_GRAFANA_SOURCE=pipeline|replay forces one; PGA_GRAFANA_RUN_SECONDS and
/// PGA_GRAFANA_RUN_INTERVAL set the run (default 14 s at 1 s).
enum LiveSources {
    static func selected() -> any MetricsSource {
        if let existing = ExistingMetricsDatabase.fromEnvironment() { return existing }
        let seconds = PostgresTestEnvironment.environment("PGA_GRAFANA_RUN_SECONDS").flatMap(Double.init) ?? 14
        let interval = PostgresTestEnvironment.environment("PGA_GRAFANA_RUN_INTERVAL").flatMap { Int($0) } ?? 1
        switch PostgresTestEnvironment.environment("PGA_GRAFANA_SOURCE") {
        case "replay": return CollectorSpoolReplay(seconds: seconds, interval: interval)
        case "pipeline": return ShippingPipeline(seconds: seconds, interval: interval)
        default:
            return ShippingPipeline.isAvailable ? ShippingPipeline(seconds: seconds, interval: interval)
                : CollectorSpoolReplay(seconds: seconds, interval: interval)
        }
    }
}
