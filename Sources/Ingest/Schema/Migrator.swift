import Logging
import PostgresClient

/// Brings the `pganalytics` schema up to date: applies each migration not yet recorded in
/// `pganalytics.schema_migrations`, in version order, each in its own transaction.
///
/// Safe when several backends start at once: every transaction first takes the same
/// transaction-scoped advisory lock and then re-reads what is applied, so each migration is
/// applied by exactly one of them and the others find it done.
public struct Migrator: Sendable {
    /// The key of the advisory lock (`pg_advisory_xact_lock`) that serialises migrators.
    public static let advisoryLockKey: Int64 = 0x7067_615F_6D69_6772  // "pga_migr"

    public let migrations: [Migration]
    public let logger: Logger

    /// - Parameter migrations: defaults to the standard schema for `FamilyCatalog.standard`.
    public init(migrations: [Migration] = StandardMigrations.all(), logger: Logger = Logger(label: "pganalytics.ingest.migrator")) {
        precondition(migrations.map(\.version) == migrations.map(\.version).sorted() && Set(migrations.map(\.version)).count == migrations.count,
                     "migration versions must be unique and ascending")
        self.migrations = migrations
        self.logger = logger
    }

    /// The outcome of `migrate`.
    public struct Report: Hashable, Sendable {
        /// Versions this call applied (empty when the schema was up to date).
        public var applied: [Int]
        /// The schema version afterwards.
        public var currentVersion: Int
    }

    /// Applies every missing migration on `connection` (which must not be inside a transaction).
    ///
    /// - Throws: `MigrationError`: `.modified` when an applied migration was edited,
    ///   `.newerSchema` when the database is ahead of this backend, `.database` when a
    ///   statement failed (that migration's transaction is rolled back; earlier ones stay).
    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws(MigrationError) -> Report {
        try bootstrap(connection)
        var applied: [Int] = []
        for migration in migrations {
            if try apply(migration, on: connection) { applied.append(migration.version) }
        }
        let current = try appliedChecksums(connection).keys.max() ?? 0
        if let known = migrations.last?.version, current > known {
            throw .newerSchema(appliedVersion: current, knownVersion: known)
        }
        return Report(applied: applied, currentVersion: current)
    }

    /// Versions recorded in `schema_migrations`, with their checksums.
    public func appliedChecksums(_ connection: PostgresConnection) throws(MigrationError) -> [Int: String] {
        do {
            let result = try connection.query("SELECT version, checksum FROM pganalytics.schema_migrations")
            var out: [Int: String] = [:]
            for row in result.rows {
                if case .int8(let version) = row[0], case .text(let checksum) = row[1] { out[Int(version)] = checksum }
            }
            return out
        } catch {
            throw .database(version: nil, error)
        }
    }

    /// The schema and the bookkeeping table, under the lock.
    private func bootstrap(_ connection: PostgresConnection) throws(MigrationError) {
        do {
            try connection.withTransaction { connection in
                try connection.execute("SELECT pg_advisory_xact_lock(\(Self.advisoryLockKey))")
                try connection.execute("""
                    CREATE SCHEMA IF NOT EXISTS pganalytics;
                    CREATE TABLE IF NOT EXISTS pganalytics.schema_migrations (
                        version bigint PRIMARY KEY,
                        name text NOT NULL,
                        checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """)
            }
        } catch let error as PostgresError {
            throw .database(version: nil, error)
        } catch {
            throw .database(version: nil, PostgresError(.queryFailed, "\(error)"))
        }
    }

    /// Applies one migration unless it is recorded; returns whether this call applied it.
    private func apply(_ migration: Migration, on connection: PostgresConnection) throws(MigrationError) -> Bool {
        do {
            return try connection.withTransaction { connection throws -> Bool in
                try connection.execute("SELECT pg_advisory_xact_lock(\(Self.advisoryLockKey))")
                let recorded = try connection.query("SELECT checksum FROM pganalytics.schema_migrations WHERE version = $1",
                                                    params: [String(migration.version)])
                if let row = recorded.rows.first {
                    guard case .text(let checksum) = row[0], checksum == migration.checksum else {
                        let applied: String = if case .text(let text) = row[0] { text } else { "?" }
                        throw MigrationError.modified(version: migration.version, name: migration.name,
                                                      appliedChecksum: applied, currentChecksum: migration.checksum)
                    }
                    return false
                }
                try connection.execute(migration.sql)
                _ = try connection.query("INSERT INTO pganalytics.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                                         params: [String(migration.version), migration.name, migration.checksum])
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                return true
            }
        } catch let error as MigrationError {
            throw error
        } catch let error as PostgresError {
            throw .database(version: migration.version, error)
        } catch {
            throw .database(version: migration.version, PostgresError(.queryFailed, "\(error)"))
        }
    }
}
