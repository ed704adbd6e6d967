#if canImport(Glibc)
import Glibc
#endif
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The real `pganalytics-api serve`, started, killed and restarted on the same ports by a test.
final class BackendProcess: @unchecked Sendable {
    static let registrationSecret = "end-to-end-registration-secret"
    static let adminToken = "end-to-end-admin-token"

    let directory: String
    let database: MetricsDatabase
    private(set) var httpPort: Int
    private(set) var ingestPort: Int
    private(set) var current: ChildProcess?
    private var starts = 0

    /// The CA (from `pganalytics-api ca init`) in `directory/ca`; nothing runs yet.
    init(directory: String, database: MetricsDatabase) async throws {
        self.directory = directory
        self.database = database
        httpPort = FreePort.pick()
        ingestPort = FreePort.pick(excluding: [httpPort])
        let ca = try await ChildProcess.run(Executables.backend, ["ca", "init", "--dir", caDirectory, "--hostname", "localhost"],
                                            environment: [:], logPath: directory + "/ca-init.log")
        try #require(ca.status == 0, "pganalytics-api ca init failed: \(ca.output)")
    }

    var caDirectory: String { directory + "/ca" }
    var caCertificate: String { caDirectory + "/ca.crt" }
    /// What collectors put in `[backend] url`.
    var ingestAddress: String { "127.0.0.1:\(ingestPort)" }

    var environment: [String: String] {
        [
            "DATABASE_URL": database.conninfo, "PORT": "\(httpPort)", "INGEST_PORT": "\(ingestPort)",
            "TLS_CERT": caDirectory + "/server.crt", "TLS_KEY": caDirectory + "/server.key", "TLS_CA": caCertificate,
            "REGISTRATION_SECRET": Self.registrationSecret, "ADMIN_TOKEN": Self.adminToken,
            "RETENTION_DAYS": "1", "WRITERS": "2", "COLLECTOR_INTERVAL": "1", "LOG_LEVEL": "info",
        ]
    }

    /// Starts `serve` and waits until it serves. The first start moves to other ports when its
    /// own were taken in the meantime; later starts keep them, as collectors know them.
    func start() async throws {
        let movable = starts == 0
        for attempt in 1...5 {
            starts += 1
            let child = try ChildProcess(executable: Executables.backend, arguments: ["serve"],
                                         environment: environment, logPath: "\(directory)/backend-\(starts).log")
            current = child
            _ = await eventually { child.log.contains("pganalytics-api serving") || !child.isRunning }
            if child.isRunning && child.log.contains("pganalytics-api serving") { return }
            await child.stop(SIGKILL)
            guard movable, attempt < 5, child.log.contains("could not start on port") else {
                Issue.record("pganalytics-api did not start:\n\(child.log)")
                throw Failure.notServing
            }
            httpPort = FreePort.pick()
            ingestPort = FreePort.pick(excluding: [httpPort])
        }
    }

    /// Ends the running backend with `signal` (SIGTERM: graceful; SIGKILL: a crash).
    func stop(_ signal: Int32 = SIGTERM) async {
        await current?.stop(signal)
    }

    /// Every start's log, for failure messages.
    var logs: String {
        (1...max(starts, 1)).map { n in
            "--- backend start \(n) ---\n" + ((try? String(contentsOfFile: "\(directory)/backend-\(n).log", encoding: .utf8)) ?? "")
        }.joined(separator: "\n")
    }

    /// `POST /api/v1/collectors/{id}/revoke` with the admin token; the HTTP status.
    func revoke(_ collectorID: String) async throws -> (status: Int, body: String) {
        try await http("POST", "/api/v1/collectors/\(collectorID)/revoke")
    }

    /// `GET path` (with the admin token): status and body.
    func http(_ method: String, _ path: String) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(httpPort)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 60
        request.setValue("Bearer \(Self.adminToken)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, String(decoding: data, as: UTF8.self))
    }

    enum Failure: Error { case notServing }
}
