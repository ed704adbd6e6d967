import Ingest
import PostgresClient

/// What a test database holds before the test starts.
public enum TestSchema: Sendable {
    /// Nothing: the test (or the backend under test) migrates it.
    case empty
    /// The Ingest migrations for `catalog`, without partitions.
    case migrated(FamilyCatalog = .standard)
    /// The Ingest migrations for `catalog` and the partitions of `partitionPolicy` around today.
    case partitioned(FamilyCatalog = .standard)

    /// The partitions tests create: yesterday, today and tomorrow.
    public static let partitionPolicy = PartitionPolicy(daysAhead: 1, retentionDays: 3, daysBehind: 1)

    /// Applies the schema on `connection`.
    public func prepare(_ connection: PostgresConnection) throws {
        switch self {
        case .empty:
            return
        case .migrated(let catalog):
            try Migrator(migrations: StandardMigrations.all(catalog: catalog)).migrate(connection)
        case .partitioned(let catalog):
            try Migrator(migrations: StandardMigrations.all(catalog: catalog)).migrate(connection)
            try PartitionMaintainer(catalog: catalog, policy: Self.partitionPolicy).maintain(connection, today: .today())
        }
    }
}
