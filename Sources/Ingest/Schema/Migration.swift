/// One schema change: a version (its place in the order), a name, and the SQL that makes it.
///
/// A migration is applied once, in its own transaction, and recorded in
/// `pganalytics.schema_migrations` with a checksum of its SQL. Applied migrations are never
/// edited: a change is a new migration.
public struct Migration: Hashable, Sendable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// FNV-1a 64 of the SQL, in hex: tells an edited migration from the one that was applied.
    public var checksum: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
