import ExecutableTestSupport
import Foundation
import Testing

/// Runs the built `pganalytics` binary with this process's environment plus `environment`.
enum CLI {
    static let binary = BuiltExecutable.path("pganalytics")

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, OutputFile, OutputFile) {
        try ChildRun.start(binary, arguments, environment: ChildRun.inheritedEnvironment(environment))
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
        try ChildRun.run(binary, arguments, environment: ChildRun.inheritedEnvironment(environment))
    }

    static func temporaryDirectory() throws -> URL {
        URL(fileURLWithPath: try TemporaryDirectory(prefix: "pga-cli-").path)
    }

    static func writeConfig(_ text: String, in directory: URL, mode: Int = 0o600) throws -> String {
        let path = directory.appendingPathComponent("collector.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }
}
