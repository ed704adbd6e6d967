#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PostgresTestSupport
import Testing

/// The real `pganalytics` collector, registered with a `BackendProcess` and monitoring the test
/// PostgreSQL at a 1 s interval, with its spool watched by a `SpoolShadow`.
final class CollectorProcess: @unchecked Sendable {
    let directory: String
    let name: String
    private(set) var collectorID = ""
    private(set) var current: ChildProcess?
    private var starts = 0
    let shadow: SpoolShadow

    var configPath: String { directory + "/collector.toml" }
    var spoolDirectory: String { directory + "/spool" }

    init(directory: String, name: String, backend: BackendProcess) throws {
        self.directory = directory
        self.name = name
        let configPath = directory + "/collector.toml", spoolDirectory = directory + "/spool"
        try FileManager.default.createDirectory(atPath: spoolDirectory, withIntermediateDirectories: true)
        shadow = try SpoolShadow(spool: spoolDirectory, shadow: directory + "/spool-shadow")
        let postgres = try PostgresTestEnvironment.childEnvironment()
        let config = """
            [collector]
            id = "\(name)"
            hostname = "\(name)"
            interval = 1

            [backend]
            url = "\(backend.ingestAddress)"
            server_name = "localhost"
            tls_cert = "\(directory)/tls/collector.crt"
            tls_key = "\(directory)/tls/collector.key"
            ca_cert = "\(directory)/tls/ca.crt"
            reconnect_max = 1

            [postgres]
            host = "\(postgres["PGHOST"]!)"
            port = \(postgres["PGPORT"]!)
            user = "\(postgres["PGUSER"]!)"
            databases = ["\(postgres["PGDATABASE"]!)"]

            [metrics]
            enable_pg_stat_statements = false

            [spool]
            dir = "\(directory)/spool"
            max_bytes = "256MiB"
            segment_bytes = 65536
            fsync = "interval:50ms"

            """
        try FileManager.default.createDirectory(atPath: directory + "/tls", withIntermediateDirectories: true)
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configPath)
    }

    /// `pganalytics register` against `backend` (which must be serving).
    func register(with backend: BackendProcess) async throws {
        var environment = try PostgresTestEnvironment.childEnvironment()
        environment["PGANALYTICS_REGISTRATION_SECRET"] = BackendProcess.registrationSecret
        let result = try await ChildProcess.run(
            Executables.collector,
            ["register", "--backend", backend.ingestAddress, "--ca-cert", backend.caCertificate, "--server-name", "localhost",
             "--name", name, "--config", configPath],
            environment: environment, logPath: directory + "/register.log")
        try #require(result.status == 0, "pganalytics register failed (\(result.status)): \(result.output)")
        let id = (try? String(contentsOfFile: directory + "/tls/collector.id", encoding: .utf8)) ?? ""
        collectorID = id.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!collectorID.isEmpty, "register wrote no collector.id: \(result.output)")
    }

    /// Starts the collector service.
    func start() throws {
        starts += 1
        current = try ChildProcess(executable: Executables.collector, arguments: ["--config", configPath],
                                   environment: try PostgresTestEnvironment.childEnvironment(), logPath: "\(directory)/collector-\(starts).log")
    }

    /// Ends the running collector with `signal`.
    func stop(_ signal: Int32 = SIGTERM) async {
        await current?.stop(signal)
    }

    /// Every start's log, for failure messages and log checks.
    var logs: String {
        (1...max(starts, 1)).map { n in
            "--- collector start \(n) ---\n" + ((try? String(contentsOfFile: "\(directory)/collector-\(n).log", encoding: .utf8)) ?? "")
        }.joined(separator: "\n")
    }

    /// The highest sequence in the spool (what `pga-dump --json` reports), 0 when empty.
    func lastWrittenSequence() async throws -> Int64 {
        let dump = try await ChildProcess.run(Executables.dump, ["--json", spoolDirectory], environment: [:],
                                              logPath: directory + "/pga-dump-summary.out")
        for line in dump.output.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["type"] as? String == "summary" else { continue }
            return (object["last_sequence"] as? NSNumber)?.int64Value ?? 0
        }
        return 0
    }

    /// Waits until the spool holds at least `sequence`.
    func waitForSequence(_ sequence: Int64) async throws {
        let reached = try await eventually(every: .milliseconds(250)) { try await lastWrittenSequence() >= sequence }
        try #require(reached, "the collector's spool did not reach sequence \(sequence):\n\(logs)")
    }
}
