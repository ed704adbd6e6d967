import Foundation
import Testing

/// Runs the built `pganalytics` binary, found next to the test bundle.
enum CLI {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // macOS: the bundle's executable is inside Contents/MacOS.
        if directory.path.hasSuffix(".xctest/Contents/MacOS") {
            directory = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return directory.appendingPathComponent("pganalytics").path
    }

    /// Starts the binary with `arguments`; the environment is this process's plus `environment`.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let (process, out, err) = try start(arguments, environment: environment)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The test PostgreSQL from tools/test; the test fails with a clear message when it is missing.
    static func postgresEnvironment() throws -> [String: String] {
        let env = ProcessInfo.processInfo.environment
        let names = ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"]
        let missing = names.filter { (env[$0] ?? "").isEmpty }
        try #require(missing.isEmpty, "\(missing.joined(separator: ", ")) not set: run the tests through tools/test, which starts a throwaway PostgreSQL and exports them")
        return Dictionary(uniqueKeysWithValues: names.map { ($0, env[$0]!) })
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pga-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func writeConfig(_ text: String, in directory: URL, mode: Int = 0o600) throws -> String {
        let path = directory.appendingPathComponent("collector.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }
}
