import Foundation
import PostgresClient
import Testing

/// A PostgreSQL cluster of its own, started with `tools/pg-cluster` (the same server binaries as
/// the test cluster, PGA_PG_BIN), for a test that restarts its database: restarting the shared
/// test cluster would break every test running beside it.
final class DedicatedCluster: @unchecked Sendable {
    let directory: String
    let database: MetricsDatabase
    private let logDirectory: String

    private init(directory: String, database: MetricsDatabase, logDirectory: String) {
        self.directory = directory
        self.database = database
        self.logDirectory = logDirectory
    }

    static var tool: String { Executables.repositoryRoot + "/tools/pg-cluster" }

    /// Starts a cluster; `logDirectory` receives the tool's output.
    static func start(logDirectory: String) async throws -> DedicatedCluster {
        var environment = ProcessInfo.processInfo.environment
        // Only PGA_PG_BIN (which server) carries over; the test cluster's own settings must not.
        for name in ["PGA_CLUSTER_DIR", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "DATABASE_URL"] {
            environment[name] = nil
        }
        let started = try await ChildProcess.run("/bin/bash", [tool, "start"], environment: environment,
                                                 logPath: logDirectory + "/pg-cluster-start.log")
        var values: [String: String] = [:]
        for line in started.output.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            values[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...]).trimmingCharacters(in: ["'"])
        }
        guard started.status == 0, let directory = values["PGA_CLUSTER_DIR"], let port = values["PGPORT"].flatMap(Int.init) else {
            Issue.record("tools/pg-cluster start failed (\(started.status)):\n\(started.output)")
            throw Failure.notStarted
        }
        let parameters = ConnectionParameters(host: values["PGHOST"], port: port, user: values["PGUSER"], password: values["PGPASSWORD"],
                                              database: values["PGDATABASE"], sslMode: "disable")
        let cluster = DedicatedCluster(directory: directory, database: MetricsDatabase(parameters: parameters), logDirectory: logDirectory)
        // The test cluster trades durability for speed (synchronous_commit = off), under which a
        // crash may lose commits that were already acknowledged; a metrics database must not.
        let connection = try PostgresConnection(parameters)
        defer { connection.close() }
        try connection.execute("ALTER SYSTEM SET synchronous_commit = on")
        try connection.execute("SELECT pg_reload_conf()")
        return cluster
    }

    /// `pg_ctl` on the cluster, as its OS user.
    func ctl(_ arguments: [String]) async throws {
        let result = try await ChildProcess.run("/bin/bash", [Self.tool, "ctl", directory] + arguments,
                                                environment: ProcessInfo.processInfo.environment,
                                                logPath: logDirectory + "/pg-ctl-\(arguments.first ?? "").log")
        try #require(result.status == 0, "pg_ctl \(arguments.joined(separator: " ")) failed: \(result.output)")
    }

    /// Crashes the server (immediate shutdown: no checkpoint, recovery at the next start).
    func crash() async throws { try await ctl(["stop", "-m", "immediate", "-w"]) }

    /// Starts the server again.
    func startAgain() async throws { try await ctl(["start", "-w", "-t", "60"]) }

    /// Stops the cluster and deletes its directory.
    func remove() async {
        _ = try? await ChildProcess.run("/bin/bash", [Self.tool, "stop", directory], environment: ProcessInfo.processInfo.environment,
                                        logPath: logDirectory + "/pg-cluster-stop.log")
    }

    enum Failure: Error { case notStarted }
}
