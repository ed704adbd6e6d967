import Ingest
import IngestTestSupport
import PostgresClient
import PostgresTestSupport
import Testing

/// This target's databases: `pga_ingest_<random>` on the throwaway cluster that tools/test (or
/// `source tools/pg-cluster && pga_cluster_start`) exported, one per test, with the generous
/// timeouts that migrations and COPY need; missing variables fail the test.
enum IngestDatabase {
    /// The lock timeout of this target's sessions.
    static let lockTimeoutMilliseconds = 10_000

    /// The cluster's own database (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
    static func clusterParameters(sourceLocation: SourceLocation = #_sourceLocation) throws -> ConnectionParameters {
        try MigratedDatabase.clusterParameters(lockTimeoutMilliseconds: lockTimeoutMilliseconds, sourceLocation: sourceLocation)
    }

    /// Creates `pga_ingest_<random>` (migrated and partitioned for `catalog`, empty for nil), runs
    /// `body` with it and drops it afterwards.
    static func with<T>(migrate catalog: FamilyCatalog? = .standard, _ body: (MigratedDatabase) throws -> T) throws -> T {
        try MigratedDatabase.with(prefix: "pga_ingest_", schema(catalog), lockTimeoutMilliseconds: lockTimeoutMilliseconds, body)
    }

    /// The async flavour of `with`.
    static func withAsync<T>(migrate catalog: FamilyCatalog? = .standard, _ body: (MigratedDatabase) async throws -> T) async throws -> T {
        try await MigratedDatabase.withAsync(prefix: "pga_ingest_", schema(catalog), lockTimeoutMilliseconds: lockTimeoutMilliseconds, body)
    }

    private static func schema(_ catalog: FamilyCatalog?) -> TestSchema {
        catalog.map { .partitioned($0) } ?? .empty
    }
}

extension MigratedDatabase {
    /// A connector for writers.
    var connector: IngestWriter.Connector {
        let parameters = parameters
        return { () throws(PostgresError) in try PostgresConnection(parameters) }
    }
}
