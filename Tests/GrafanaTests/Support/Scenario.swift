import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

/// The monitored side of the live fixtures: a scratch database initialised by pgbench (plus an
/// index nothing scans), a physical replication slot streamed by `pg_receivewal`, a session idle
/// in a transaction holding a lock and a session waiting for it, and a pgbench workload, while
/// a collector runs.
final class Scenario: Sendable {
    let id: UInt64
    let cluster: ConnectionParameters
    let benchmark: String
    let slot: String
    /// Holds the collector's configuration, spool, identity and the WAL receiver's files.
    let directory: String
    let seconds: Double
    let interval: Int
    /// The test's environment with PGDATABASE set to the benchmark database.
    let environment: [String: String]

    var spoolPath: String { directory + "/spool" }

    init(seconds: Double, interval: Int) throws {
        id = UInt64.random(in: 0...UInt64.max)
        cluster = try PostgresTestEnvironment.parameters()
        benchmark = "pga_grafana_bench_\(id)"
        slot = "pga_grafana_\(id)"
        directory = try Workload.temporaryDirectory()
        self.seconds = seconds
        self.interval = interval
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = benchmark
        self.environment = environment
        do {
            try prepare()
        } catch {
            cleanup()
            throw error
        }
    }

    private func prepare() throws {
        let admin = try PostgresConnection(cluster)
        defer { admin.close() }
        try ScratchDatabase.create(benchmark, on: admin)
        let setup = try Workload.run("pgbench", ["-i", "-s", "1", "-q", benchmark], environment: environment)
        try #require(setup.status == 0, "pgbench -i: \(setup.output)")
        let bench = try PostgresConnection(PostgresTestEnvironment.parameters(database: benchmark))
        defer { bench.close() }
        try bench.execute("CREATE INDEX pgbench_history_mtime_idx ON pgbench_history (mtime); CREATE TABLE grafana_lock_probe (id int)")
        _ = try bench.query("SELECT slot_name::text FROM pg_create_physical_replication_slot($1, true)", params: [slot])
    }

    /// Writes the collector's configuration (with `backend`, a `[backend]` section, or none) and
    /// returns its path. At a 1 s interval the slow families run every second too.
    func writeCollectorConfig(backend: String = "") throws -> String {
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
            dir = "\(spoolPath)"
            max_bytes = "256MiB"
            fsync = "never"
            \(backend)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)
        return config
    }

    /// Starts the WAL receiver, the lock holder and its waiter and the workload, runs `body`
    /// (which runs the collector), then releases the lock and stops them all.
    func run(_ body: ([String: String]) async throws -> Void) async throws {
        let receiver = try Workload.start("pg_receivewal", ["-D", directory + "/wal", "--slot", slot, "-s", "1", "-n", "--no-sync"],
                                          environment: environment,
                                          prepare: { try FileManager.default.createDirectory(atPath: directory + "/wal", withIntermediateDirectories: true) })
        defer { Workload.stop(receiver, kill: true) }
        let holder = try PostgresConnection(PostgresTestEnvironment.parameters(database: benchmark))
        defer { holder.close() }
        try holder.execute("BEGIN; LOCK TABLE grafana_lock_probe IN ACCESS EXCLUSIVE MODE")
        let waiter = try Workload.start("psql", ["-X", "-q", "-c", "SELECT count(*) FROM grafana_lock_probe"], environment: environment)
        defer { Workload.stop(waiter, kill: true) }
        let workload = try Workload.start("pgbench", ["-n", "-c", "2", "-T", String(Int(seconds)), benchmark], environment: environment)
        defer { Workload.stop(workload, kill: true) }
        try await body(environment)
        try holder.execute("ROLLBACK")
    }

    /// Drops the slot (once its WAL sender let go of it), the database and the directory.
    func cleanup() {
        guard let admin = try? PostgresConnection(cluster) else { return }
        for _ in 0..<50 {
            let dropped = try? admin.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1", params: [slot])
            if dropped != nil { break }
            usleep(100_000)
        }
        ScratchDatabase.drop(benchmark, on: admin)
        admin.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
