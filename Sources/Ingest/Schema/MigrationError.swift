import PostgresClient

/// Why the schema could not be brought up to date.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    /// A migration already applied has different SQL now: migrations must never be edited.
    case modified(version: Int, name: String, appliedChecksum: String, currentChecksum: String)
    /// The database has a migration this backend does not know (a newer backend migrated it).
    case newerSchema(appliedVersion: Int, knownVersion: Int)
    /// PostgreSQL refused a statement.
    case database(version: Int?, PostgresError)

    public var description: String {
        switch self {
        case let .modified(version, name, applied, current):
            "migration \(version) (\(name)) was applied with checksum \(applied) but is now \(current); add a new migration instead of editing one"
        case let .newerSchema(applied, known):
            "the database is at schema version \(applied), newer than this backend's \(known); upgrade the backend"
        case let .database(version?, error):
            "migration \(version) failed: \(error)"
        case let .database(nil, error):
            "migrating failed: \(error)"
        }
    }
}
