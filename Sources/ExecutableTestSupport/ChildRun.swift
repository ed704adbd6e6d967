import Foundation

/// How one run of a child process ended and what it printed.
public struct RunResult: Sendable {
    /// The exit status (or the signal number when a signal ended it).
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Starts executables with their standard output and error collected in ``OutputFile``s.
public enum ChildRun {
    /// Starts `executable` with `arguments`. `environment` is the child's whole environment; nil
    /// passes this process's on. Returns the running process and its stdout and stderr files.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             outputPrefix: String = "pga-out-") throws -> (Process, OutputFile, OutputFile) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = try OutputFile(prefix: outputPrefix), err = try OutputFile(prefix: outputPrefix)
        process.standardOutput = out.handle
        process.standardError = err.handle
        try process.run()
        return (process, out, err)
    }

    /// Runs `executable` to completion (see ``start(_:_:environment:outputPrefix:)``).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           outputPrefix: String = "pga-out-") throws -> RunResult {
        let (process, out, err) = try start(executable, arguments, environment: environment, outputPrefix: outputPrefix)
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, stdout: out.contents(), stderr: err.contents())
    }

    /// This process's environment with `overrides` set on top.
    public static func inheritedEnvironment(_ overrides: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(overrides) { $1 }
    }
}
