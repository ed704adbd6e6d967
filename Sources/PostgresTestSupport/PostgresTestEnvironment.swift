#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PostgresClient
import Testing

/// The throwaway PostgreSQL cluster that tools/test (or `source tools/pg-cluster &&
/// pga_cluster_start`) exported as PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE. A test that
/// needs it fails, rather than skips, when it is missing.
public enum PostgresTestEnvironment {
    /// The variables that name the cluster, in the order they are read.
    public static let variables = ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"]

    /// Thrown (after an issue is recorded against the calling test) when the cluster is not configured.
    public struct MissingDatabase: Error, CustomStringConvertible {
        public var description: String { "the test PostgreSQL is not configured" }
    }

    /// The value of environment variable `name`, if set.
    public static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Parameters for the cluster's own database (or `database`), without TLS and with the
    /// `ConnectionParameters` defaults for timeouts. Records an issue at `sourceLocation` naming
    /// the unset variables and throws `MissingDatabase` when the cluster is not configured.
    public static func parameters(database: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> ConnectionParameters {
        let values = variables.map(environment)
        let missing = zip(variables, values).filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let port = Int(values[1]!) else {
            Issue.record("the test PostgreSQL is not configured: \(missing.joined(separator: ", ")) unset; run tools/test or `source tools/pg-cluster && pga_cluster_start`",
                         sourceLocation: sourceLocation)
            throw MissingDatabase()
        }
        return ConnectionParameters(host: values[0], port: port, user: values[2], password: values[3],
                                    database: database ?? values[4], sslMode: "disable")
    }
}

/// Creating and dropping scratch databases on the test cluster.
public enum ScratchDatabase {
    /// `prefix` followed by a random 64-bit number: a name no other test uses.
    public static func randomName(prefix: String) -> String {
        "\(prefix)\(UInt64.random(in: 0...UInt64.max))"
    }

    /// Creates database `name` through `admin`; with `replacing`, drops a leftover one of that name first.
    public static func create(_ name: String, on admin: PostgresConnection, replacing: Bool = false) throws {
        if replacing { try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        try admin.execute("CREATE DATABASE \(name)")
    }

    /// Drops database `name` through `admin`, closing its sessions; errors are ignored (cleanup).
    public static func drop(_ name: String, on admin: PostgresConnection) {
        try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
