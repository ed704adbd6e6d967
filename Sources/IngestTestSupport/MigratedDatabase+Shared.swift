import Foundation
import PostgresTestSupport
import Testing

extension MigratedDatabase {
    private static let sharedLock = NSLock()
    nonisolated(unsafe) private static var sharedByPrefix: [String: MigratedDatabase] = [:]

    /// The database every test of this process that names `prefix` shares: `prefix<random>`,
    /// partitioned, with the default session timeouts, created on first use and left for the
    /// cluster's teardown. Tests keep apart by using collector ids of their own.
    public static func shared(prefix: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> MigratedDatabase {
        try sharedLock.withLock {
            if let made = sharedByPrefix[prefix] { return made }
            let database = try create(prefix: prefix, sourceLocation: sourceLocation)
            sharedByPrefix[prefix] = database
            return database
        }
    }
}
