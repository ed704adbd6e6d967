import PostgresClient
import PostgresTestSupport
import Testing

/// The throwaway cluster that tools/test (or `source tools/pg-cluster; pga_cluster_start`)
/// exported; a test that needs it fails, rather than skips, when it is missing.
enum TestDatabase {
    static func environment(_ name: String) -> String? {
        PostgresTestEnvironment.environment(name)
    }

    /// Parameters from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
    static func parameters(sourceLocation: SourceLocation = #_sourceLocation) throws -> ConnectionParameters {
        try PostgresTestEnvironment.parameters(sourceLocation: sourceLocation)
    }

    static func connect(_ change: (inout ConnectionParameters) -> Void = { _ in }) throws -> PostgresConnection {
        var parameters = try parameters()
        change(&parameters)
        return try PostgresConnection(parameters)
    }
}
