import PostgresClient
import WireProtocol

/// Which connection a family's query runs on.
public enum PostgresFamilyScope: Hashable, Sendable {
    /// Cluster-wide views (`pg_stat_database`, replication, WAL): once, on the first database.
    case cluster
    /// Views of one database (`pg_stat_user_tables`, extensions): on every configured database.
    case database
}

/// What the server must offer for a family to be collected.
public struct PostgresFamilyRequirements: Hashable, Sendable {
    /// The oldest `server_version_num` that has the family's views.
    public var minimumServerVersion: Int
    /// The family needs `pg_monitor` (or superuser) to see other sessions' rows.
    public var needsMonitorRole: Bool
    /// Only a standby has the view (`pg_stat_wal_receiver`).
    public var standbyOnly: Bool
    /// The family reads `pg_stat_statements`.
    public var needsStatementsExtension: Bool

    public init(minimumServerVersion: Int = 120000, needsMonitorRole: Bool = false, standbyOnly: Bool = false,
                needsStatementsExtension: Bool = false) {
        self.minimumServerVersion = minimumServerVersion
        self.needsMonitorRole = needsMonitorRole
        self.standbyOnly = standbyOnly
        self.needsStatementsExtension = needsStatementsExtension
    }
}

/// One metric family read from PostgreSQL: its name (the backend's table name), where it runs,
/// what it needs, and the SQL for each server version.
public protocol PostgresFamily: AnyObject {
    /// The family name, e.g. `pg_stat_database`.
    var name: String { get }
    var scope: PostgresFamilyScope { get }
    var requirements: PostgresFamilyRequirements { get }
    /// The statement for a server of `version` (`server_version_num`), nil when that version
    /// cannot provide the family. Pure, so tests check every version without such a server.
    func sql(forServerVersion version: Int) -> String?
    /// Runs the family's statement(s) and makes its batches; may keep state between rounds.
    func collect(on connection: PostgresConnection, server: ServerInfo, at time: SampleTime) throws -> [Batch]
}

/// A family whose rows are exactly its statement's result: one batch per round.
protocol SimplePostgresFamily: PostgresFamily {
    /// `$1`, `$2`, ... for the statement.
    var parameters: [String?] { get }
}

extension SimplePostgresFamily {
    var parameters: [String?] { [] }

    public func collect(on connection: PostgresConnection, server: ServerInfo, at time: SampleTime) throws -> [Batch] {
        guard let sql = sql(forServerVersion: server.versionNum) else { return [] }
        let result = try connection.query(sql, params: parameters)
        return [try result.batch(family: name, sampledAt: time.microsecondsSince2000)]
    }
}
