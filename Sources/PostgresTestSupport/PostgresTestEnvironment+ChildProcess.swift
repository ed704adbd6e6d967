import Foundation
import Testing

extension PostgresTestEnvironment {
    /// The cluster's ``variables`` as an environment for a child process (the collector reads
    /// them for `[postgres]`). Fails the calling test, naming the unset ones, when the cluster is
    /// not configured.
    public static func childEnvironment(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        let env = ProcessInfo.processInfo.environment
        let missing = variables.filter { (env[$0] ?? "").isEmpty }
        try #require(missing.isEmpty, "\(missing.joined(separator: ", ")) not set: run the tests through tools/test, which starts a throwaway PostgreSQL and exports them",
                     sourceLocation: sourceLocation)
        return Dictionary(uniqueKeysWithValues: variables.map { ($0, env[$0]!) })
    }
}
