import ExecutableTestSupport
import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

/// The whole pipeline, as deployed: `pganalytics-api ca init`, `pganalytics-api serve` on a fresh
/// metrics database (it applies the migrations), `pganalytics register` with the registration
/// secret, then the collector samples the scenario of `Scenario` and ships its spool over mutual
/// TLS; the data is what the backend committed.
struct ShippingPipeline: MetricsSource {
    var seconds: Double = 14
    var interval: Int = 1

    /// The backend executable next to the test bundle (or PGA_GRAFANA_API_BINARY).
    static var apiBinary: String {
        PostgresTestEnvironment.environment("PGA_GRAFANA_API_BINARY")
            ?? BuiltExecutable.path("pganalytics-api")
    }

    /// Whether both executables are built (the backend lands after the collector).
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: apiBinary) && FileManager.default.isExecutableFile(atPath: Workload.collectorBinary)
    }

    func load() async throws -> LoadedMetrics {
        let scenario = try Scenario(seconds: seconds, interval: interval)
        return try await scenario.withMetricsDatabase { metrics, cleanup in
            let started = Clock.milliseconds()
            let collectorID = try await ship(scenario: scenario, metrics: metrics)
            return LoadedMetrics(parameters: metrics, collectorID: collectorID, fromMilliseconds: started - 60_000,
                                 toMilliseconds: Clock.milliseconds() + 1000,
                                 source: "the full pipeline: pganalytics-api serve, pganalytics register, the collector shipping over mutual TLS (\(interval) s interval, \(Int(seconds)) s, pgbench, a WAL receiver, a blocked session)",
                                 scenario: true, cleanup: cleanup)
        }
    }

    private func ship(scenario: Scenario, metrics: ConnectionParameters) async throws -> String {
        let directory = scenario.directory
        let secret = "grafana-test-secret-\(scenario.id)"
        var env = scenario.environment
        let ca = try Workload.run(Self.apiBinary, ["ca", "init", "--dir", directory + "/ca", "--hostname", "127.0.0.1"], environment: env)
        try #require(ca.status == 0, "pganalytics-api ca init: \(ca.output)")

        let httpPort = try FreePort.next()
        var ingestPort = try FreePort.next()
        while ingestPort == httpPort { ingestPort = try FreePort.next() }
        env["DATABASE_URL"] = "postgres://\(metrics.user ?? "")@\(metrics.host ?? "127.0.0.1"):\(metrics.port ?? 5432)/\(metrics.database ?? "")"
        env["PGPASSWORD"] = metrics.password
        env["PORT"] = String(httpPort)
        env["INGEST_PORT"] = String(ingestPort)
        env["TLS_CERT"] = directory + "/ca/server.crt"
        env["TLS_KEY"] = directory + "/ca/server.key"
        env["TLS_CA"] = directory + "/ca/ca.crt"
        env["REGISTRATION_SECRET"] = secret
        env["COLLECTOR_INTERVAL"] = String(interval)
        env["WRITERS"] = "2"
        // Fewer daily partitions to create at start.
        env["RETENTION_DAYS"] = "3"
        let api = try Workload.start(Self.apiBinary, ["serve"], environment: env)
        defer { Workload.stop(api) }
        try await FreePort.waitUntilListening(ingestPort, process: api.process, what: "pganalytics-api")

        let config = try scenario.writeCollectorConfig(backend: """
            [backend]
            url = "127.0.0.1:\(ingestPort)"
            tls_cert = "\(directory)/collector.crt"
            tls_key = "\(directory)/collector.key"
            ca_cert = "\(directory)/ca/ca.crt"
            """)
        let register = try Workload.run(Workload.collectorBinary, ["register", "--config", config, "--backend", "127.0.0.1:\(ingestPort)",
                                                                   "--secret", secret, "--name", "grafana-test-\(scenario.id)", "--region", "test"],
                                        environment: scenario.environment)
        try #require(register.status == 0, "pganalytics register: \(register.output)\n\(api.output())")
        let connection = try PostgresConnection(metrics)
        defer { connection.close() }
        let registered = try connection.query("SELECT id FROM pganalytics.collectors ORDER BY registered_at DESC LIMIT 1")
        let collectorID = try #require(registered.rows.first.flatMap { QueryRunner.text($0[0]) }, "no collector registered")

        try await scenario.run { environment in
            let collector = try Workload.start(Workload.collectorBinary, ["--config", config], environment: environment)
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            // Let the shipper catch up with the sampling.
            try await Self.waitForCommits(collectorID, interval: interval, on: connection, process: collector.process)
            collector.process.terminate()
            collector.process.waitUntilExit()
            let log = collector.output()
            Workload.stop(collector)
            #expect(collector.process.terminationStatus == 0, "the collector failed: \(log)")
        }
        let stored = try connection.query("SELECT committed_sequence, samples_received FROM pganalytics.collectors WHERE id = $1", params: [collectorID])
        let committed = stored.rows.first.flatMap { QueryRunner.integer($0[0]) } ?? 0
        try #require(committed > 20, "the backend committed \(committed) records\n\(api.output())")
        return collectorID
    }

    /// Waits until the shipper has caught up: the collector's newest committed `pg_cluster`
    /// sample is at most two intervals (and 3 s) old (at most 90 s).
    static func waitForCommits(_ id: String, interval: Int, on connection: PostgresConnection, process: Process) async throws {
        let deadline = Date().addingTimeInterval(90)
        let lag = max(3, 2 * interval)
        while Date() < deadline && process.isRunning {
            let result = try connection.query("""
                SELECT coalesce(max(time) >= now() - make_interval(secs => $2::int), false)
                FROM pganalytics.pg_cluster WHERE collector_id = $1
                """, params: [id, String(lag)])
            if case .bool(true) = result.rows.first?.first { return }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}

/// Free TCP ports on the loopback interface.
enum FreePort {
    /// A port nobody listens on right now (the kernel's choice for port 0).
    static func next() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw GrafanaInterpolationError(description: "socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw GrafanaInterpolationError(description: "bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits until something accepts connections on `port` (at most 120 s), failing early when
    /// `process` exits.
    static func waitUntilListening(_ port: Int, process: Process, what: String) async throws {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            guard process.isRunning else {
                throw GrafanaInterpolationError(description: "\(what) exited with status \(process.terminationStatus)")
            }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if connected { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw GrafanaInterpolationError(description: "\(what) does not listen on port \(port)")
    }
}
