import PostgresClient
import PostgresTestSupport
import Testing

extension MigratedDatabase {
    /// The session timeouts used when a test does not name its own: generous, only there to turn a
    /// hang into an error.
    public static let statementTimeoutMilliseconds = 60_000
    /// See `statementTimeoutMilliseconds`.
    public static let lockTimeoutMilliseconds = 30_000

    /// The test cluster's own database with the given session timeouts (nil keeps the
    /// `ConnectionParameters` default). Records an issue and throws when the cluster is not configured.
    public static func clusterParameters(statementTimeoutMilliseconds: Int? = statementTimeoutMilliseconds,
                                         lockTimeoutMilliseconds: Int? = lockTimeoutMilliseconds,
                                         sourceLocation: SourceLocation = #_sourceLocation) throws -> ConnectionParameters {
        var cluster = try PostgresTestEnvironment.parameters(sourceLocation: sourceLocation)
        if let statementTimeoutMilliseconds { cluster.statementTimeoutMilliseconds = statementTimeoutMilliseconds }
        if let lockTimeoutMilliseconds { cluster.lockTimeoutMilliseconds = lockTimeoutMilliseconds }
        return cluster
    }

    /// Creates database `name` on the cluster `cluster` names and prepares it with `schema`; the
    /// caller drops it (`drop()`). A database whose preparation fails is dropped before the error
    /// is thrown.
    public static func create(named name: String, on cluster: ConnectionParameters, _ schema: TestSchema = .partitioned()) throws -> MigratedDatabase {
        let admin = try PostgresConnection(cluster)
        defer { admin.close() }
        try ScratchDatabase.create(name, on: admin)
        var parameters = cluster
        parameters.database = name
        let database = MigratedDatabase(parameters: parameters, cluster: cluster)
        do {
            try database.prepare(schema)
        } catch {
            ScratchDatabase.drop(name, on: admin)
            throw error
        }
        return database
    }

    /// Creates `prefix<random>` on the test cluster (with the given session timeouts, see
    /// `clusterParameters`) and prepares it with `schema`; the caller drops it (`drop()`).
    public static func create(prefix: String, _ schema: TestSchema = .partitioned(),
                              statementTimeoutMilliseconds: Int? = statementTimeoutMilliseconds,
                              lockTimeoutMilliseconds: Int? = lockTimeoutMilliseconds,
                              sourceLocation: SourceLocation = #_sourceLocation) throws -> MigratedDatabase {
        let cluster = try clusterParameters(statementTimeoutMilliseconds: statementTimeoutMilliseconds,
                                            lockTimeoutMilliseconds: lockTimeoutMilliseconds, sourceLocation: sourceLocation)
        return try create(named: ScratchDatabase.randomName(prefix: prefix), on: cluster, schema)
    }

    /// Drops the database, closing its sessions, over a new connection to `cluster`; errors are
    /// ignored (cleanup).
    public func drop() {
        guard let admin = try? PostgresConnection(cluster) else { return }
        ScratchDatabase.drop(name, on: admin)
        admin.close()
    }

    /// Runs `body` with a new database (see `create(prefix:…)`), dropped afterwards.
    public static func with<T>(prefix: String, _ schema: TestSchema = .partitioned(),
                               statementTimeoutMilliseconds: Int? = statementTimeoutMilliseconds,
                               lockTimeoutMilliseconds: Int? = lockTimeoutMilliseconds,
                               sourceLocation: SourceLocation = #_sourceLocation,
                               _ body: (MigratedDatabase) throws -> T) throws -> T {
        let database = try create(prefix: prefix, schema, statementTimeoutMilliseconds: statementTimeoutMilliseconds,
                                  lockTimeoutMilliseconds: lockTimeoutMilliseconds, sourceLocation: sourceLocation)
        defer { database.drop() }
        return try body(database)
    }

    /// The async flavour of `with`.
    public static func withAsync<T>(prefix: String, _ schema: TestSchema = .partitioned(),
                                    statementTimeoutMilliseconds: Int? = statementTimeoutMilliseconds,
                                    lockTimeoutMilliseconds: Int? = lockTimeoutMilliseconds,
                                    sourceLocation: SourceLocation = #_sourceLocation,
                                    _ body: (MigratedDatabase) async throws -> T) async throws -> T {
        let database = try create(prefix: prefix, schema, statementTimeoutMilliseconds: statementTimeoutMilliseconds,
                                  lockTimeoutMilliseconds: lockTimeoutMilliseconds, sourceLocation: sourceLocation)
        defer { database.drop() }
        return try await body(database)
    }
}
