import Ingest
import PostgresClient
import PostgresTestSupport
import Testing

/// A scratch database on the test cluster, prepared with the Ingest schema (or left empty for a
/// backend that migrates it itself), and what tests do with it: connect, register and revoke
/// collectors, read one number.
public struct MigratedDatabase: Sendable {
    /// How to reach the database: the cluster's parameters with `database` set to this one.
    public let parameters: ConnectionParameters
    /// How to reach the cluster's own database, to drop this one.
    public let cluster: ConnectionParameters

    /// The database's name.
    public var name: String { parameters.database ?? "" }

    /// The database `parameters` name, on the cluster `cluster` names (by default the same
    /// parameters with the test cluster's own database, PGDATABASE).
    public init(parameters: ConnectionParameters, cluster: ConnectionParameters? = nil) {
        self.parameters = parameters
        self.cluster = cluster ?? {
            var own = parameters
            own.database = PostgresTestEnvironment.environment("PGDATABASE")
            return own
        }()
    }

    /// A new connection to the database; the caller closes it.
    public func connect() throws -> PostgresConnection {
        try PostgresConnection(parameters)
    }

    /// Runs `body` on a new connection, closed afterwards.
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try connect()
        defer { connection.close() }
        return try body(connection)
    }

    /// Brings the database to `schema` (migrations are idempotent, so a migrated database may be
    /// prepared again).
    public func prepare(_ schema: TestSchema) throws {
        try withConnection { connection in try schema.prepare(connection) }
    }
}
