#if canImport(Glibc)
import Glibc
#endif
import ExecutableTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import IngestTestSupport
import PostgresClient
import Testing

/// The `pganalytics-api` built next to the test bundle (`swift build --build-tests` builds both).
let backendExecutable = BuiltExecutable.path("pganalytics-api")

/// Starts `pganalytics-api` with `arguments` and exactly `environment` (plus PATH).
func startBackend(_ arguments: [String], environment: [String: String]) throws -> (Process, OutputFile, OutputFile) {
    var env = environment
    env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return try ChildRun.start(backendExecutable, arguments, environment: env, outputPrefix: "pga-api-out-")
}

/// Runs `pganalytics-api` to completion.
func runBackend(_ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
    let (process, out, err) = try startBackend(arguments, environment: environment)
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: out.contents(), stderr: err.contents())
}

/// Waits until `condition` holds, polling; false after `seconds` (a hang guard, not a timing claim).
func eventually(within seconds: Double = 180, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return try condition()
}

/// One request over loopback HTTP: status, body and content type.
func httpRequest(port: Int, _ path: String, method: String = "GET", headers: [String: String] = [:]) async throws
    -> (status: Int, body: String, contentType: String?) {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
    request.httpMethod = method
    request.timeoutInterval = 60
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = try #require(response as? HTTPURLResponse)
    return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Content-Type"))
}

/// A `pganalytics-api serve` process on free ports, with a CA made by `ca init`.
struct ServingBackend {
    static let secret = "a-registration-secret-for-tests"
    static let token = "an-admin-token-for-tests"

    let process: Process
    let log: OutputFile
    let directory: String
    let httpPort: Int
    let ingestPort: Int

    var bearer: [String: String] { ["Authorization": "Bearer \(Self.token)"] }

    /// Runs `ca init` into a fresh directory and starts `serve` against `database`; returns once
    /// it logged that it serves. The caller stops it (`stop`) and removes `directory`.
    static func start(database: ScratchBackendDatabase, environment extra: [String: String] = [:]) async throws -> ServingBackend {
        let dir = try TemporaryDirectory(prefix: "pga-backend-test-").path
        let ca = try runBackend(["ca", "init", "--dir", dir, "--hostname", "localhost", "--hostname", "127.0.0.1"])
        try #require(ca.status == 0, "\(ca.stderr)")
        let environment = [
            "DATABASE_URL": database.conninfo, "PORT": "0", "INGEST_PORT": "0",
            "TLS_CERT": dir + "/server.crt", "TLS_KEY": dir + "/server.key", "TLS_CA": dir + "/ca.crt",
            "REGISTRATION_SECRET": secret, "ADMIN_TOKEN": token, "RETENTION_DAYS": "2", "WRITERS": "1",
        ].merging(extra) { _, new in new }
        let (process, _, err) = try startBackend(["serve"], environment: environment)
        let serving = await eventually { err.contents().contains("pganalytics-api serving") || !process.isRunning }
        guard serving, process.isRunning, let http = port("http_port", in: err.contents()), let ingest = port("ingest_port", in: err.contents()) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw RunError("serve did not start: \(err.contents())")
        }
        return ServingBackend(process: process, log: err, directory: dir, httpPort: http, ingestPort: ingest)
    }

    /// Sends `signal` and waits for the exit; the exit status (nil when killed by a signal).
    func stop(_ signal: Int32 = SIGTERM) -> Int32? {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    /// The port from the `serving` log line (`http_port=NNNN`).
    static func port(_ key: String, in log: String) -> Int? {
        guard let range = log.range(of: key + "=") else { return nil }
        return Int(log[range.upperBound...].prefix { $0.isNumber })
    }
}

struct RunError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A scratch database on the test cluster for one test, as a libpq connection string.
struct ScratchBackendDatabase {
    let parameters: ConnectionParameters
    let conninfo: String

    static func with<T>(_ body: (ScratchBackendDatabase) async throws -> T) async throws -> T {
        try await MigratedDatabase.withAsync(prefix: "pga_backend_", .empty, statementTimeoutMilliseconds: nil, lockTimeoutMilliseconds: nil) { database in
            let parameters = database.parameters
            let conninfo = "host=\(parameters.host ?? "127.0.0.1") port=\(parameters.port ?? 5432) user=\(parameters.user ?? "") password=\(parameters.password ?? "") dbname=\(database.name) sslmode=disable"
            return try await body(ScratchBackendDatabase(parameters: parameters, conninfo: conninfo))
        }
    }

    func scalar(_ sql: String) throws -> Int64? {
        try MigratedDatabase(parameters: parameters).scalar(sql)
    }
}
