import ExecutableTestSupport
import Foundation
import PostgresTestSupport

/// Child processes of the fixture: PostgreSQL's client programs (from PGA_PG_BIN when set) and
/// the built collector.
enum Workload {
    /// A started process and the file its output goes to.
    final class Child {
        let process: Process
        let logPath: String

        init(process: Process, logPath: String) {
            self.process = process
            self.logPath = logPath
        }

        func output() -> String {
            (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        }
    }

    /// The `pganalytics` executable next to the test bundle (or PGA_GRAFANA_COLLECTOR_BINARY).
    static var collectorBinary: String {
        if let binary = PostgresTestEnvironment.environment("PGA_GRAFANA_COLLECTOR_BINARY") { return binary }
        return BuiltExecutable.path("pganalytics")
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pga-grafana-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static func executable(_ program: String) -> URL {
        if program.hasPrefix("/") { return URL(fileURLWithPath: program) }
        if let bin = PostgresTestEnvironment.environment("PGA_PG_BIN"), FileManager.default.isExecutableFile(atPath: bin + "/" + program) {
            return URL(fileURLWithPath: bin + "/" + program)
        }
        return URL(fileURLWithPath: "/usr/bin/" + program)
    }

    /// Starts `program`; its output goes to a temporary file.
    static func start(_ program: String, _ arguments: [String], environment: [String: String],
                      prepare: () throws -> Void = {}) throws -> Child {
        try prepare()
        let process = Process()
        process.executableURL = executable(program)
        process.arguments = arguments
        process.environment = environment
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("pga-grafana-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? handle.close()
        return Child(process: process, logPath: log)
    }

    /// Runs `program` to completion.
    static func run(_ program: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let child = try start(program, arguments, environment: environment)
        child.process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: child.logPath) }
        return (child.process.terminationStatus, child.output())
    }

    /// Ends a child and removes its log: SIGTERM, then SIGKILL after 10 s; or SIGKILL at once
    /// with `kill`, for the PostgreSQL client programs, which keep the signal mask they inherit
    /// (the test process may block SIGTERM) and have nothing to save.
    static func stop(_ child: Child, kill immediately: Bool = false) {
        if child.process.isRunning {
            let pid = child.process.processIdentifier
            if immediately {
                kill(pid, SIGKILL)
            } else {
                child.process.terminate()
                let watchdog = Thread {
                    Thread.sleep(forTimeInterval: 10)
                    kill(pid, SIGKILL)
                }
                watchdog.start()
                child.process.waitUntilExit()
                watchdog.cancel()
            }
        }
        child.process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: child.logPath)
    }
}
