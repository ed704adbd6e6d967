import Foundation

/// A built executable (see ``BuiltExecutable``) started with this process's environment plus
/// each run's overrides, its output collected in ``OutputFile``s.
public struct ProductRunner: Sendable {
    /// The executable.
    public let path: String

    /// The runner for product `name`, such as `pganalytics`.
    public init(product name: String) {
        path = BuiltExecutable.path(name)
    }

    /// Starts the executable with `arguments`; the environment is this process's plus `environment`.
    public func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, OutputFile, OutputFile) {
        try ChildRun.start(path, arguments, environment: ChildRun.inheritedEnvironment(environment))
    }

    /// Runs the executable to completion (see ``start(_:environment:)``).
    public func run(_ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
        try ChildRun.run(path, arguments, environment: ChildRun.inheritedEnvironment(environment))
    }
}
