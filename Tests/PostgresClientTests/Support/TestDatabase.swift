#if canImport(Glibc)
import Glibc
#endif
import PostgresClient
import Testing

/// The throwaway cluster that tools/test (or `source tools/pg-cluster; pga_cluster_start`)
/// exported; a test that needs it fails, rather than skips, when it is missing.
enum TestDatabase {
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Parameters from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
    static func parameters(sourceLocation: SourceLocation = #_sourceLocation) throws -> ConnectionParameters {
        let names = ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"]
        let values = names.map(environment)
        let missing = zip(names, values).filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let port = Int(values[1]!) else {
            Issue.record("the test PostgreSQL is not configured: \(missing.joined(separator: ", ")) unset; run tools/test or `source tools/pg-cluster && pga_cluster_start`",
                         sourceLocation: sourceLocation)
            throw MissingDatabase()
        }
        return ConnectionParameters(host: values[0], port: port, user: values[2], password: values[3], database: values[4],
                                    sslMode: "disable", connectTimeoutSeconds: 5)
    }

    static func connect(_ change: (inout ConnectionParameters) -> Void = { _ in }) throws -> PostgresConnection {
        var parameters = try parameters()
        change(&parameters)
        return try PostgresConnection(parameters)
    }

    struct MissingDatabase: Error {}
}
