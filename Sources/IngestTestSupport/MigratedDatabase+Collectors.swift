import Ingest
import PostgresClient

extension MigratedDatabase {
    /// Registers collector `id` (name `id`, hostname `<id>.example`), and revokes it when asked.
    public func register(_ id: String, revoked: Bool = false) throws {
        try register([id], revoked: revoked)
    }

    /// Registers every one of `ids` on one connection, as `register(_:revoked:)` does.
    public func register(_ ids: [String], revoked: Bool = false) throws {
        try withConnection { connection in
            for id in ids {
                try CollectorStore().register(.init(id: id, name: id, hostname: "\(id).example"), on: connection)
                if revoked { try CollectorStore().revoke(id, on: connection) }
            }
        }
    }

    /// Revokes collector `id`.
    public func revoke(_ id: String) throws {
        try withConnection { connection in try CollectorStore().revoke(id, on: connection) }
    }

    /// The first column of the first row of `sql` when it is a bigint, else nil (no row, NULL or
    /// another type: cast counts and sums with `::int8`).
    public func scalar(_ sql: String, _ params: [String?] = []) throws -> Int64? {
        try withConnection { connection in
            guard let row = try connection.query(sql, params: params).rows.first, case .int8(let value) = row[0] else { return nil }
            return value
        }
    }
}
