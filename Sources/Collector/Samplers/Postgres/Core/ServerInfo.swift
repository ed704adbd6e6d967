import PostgresClient
import WireProtocol

/// What the sampler knows about the server it is connected to, read at the start of every round
/// (one cheap statement), since a standby can be promoted and an extension created at any time.
public struct ServerInfo: Hashable, Sendable {
    /// `server_version_num`.
    public var versionNum: Int
    public var inRecovery: Bool
    /// Whether the collector's role has the privileges of `pg_monitor` (superusers do).
    public var hasMonitorRole: Bool
    /// `pg_stat_statements`' installed version in this database, nil when not created.
    public var statementsExtensionVersion: String?
    /// Whether `pg_stat_statements` is loaded (`shared_preload_libraries`): its settings exist.
    public var statementsLibraryLoaded: Bool

    public init(versionNum: Int, inRecovery: Bool, hasMonitorRole: Bool, statementsExtensionVersion: String?, statementsLibraryLoaded: Bool) {
        self.versionNum = versionNum
        self.inRecovery = inRecovery
        self.hasMonitorRole = hasMonitorRole
        self.statementsExtensionVersion = statementsExtensionVersion
        self.statementsLibraryLoaded = statementsLibraryLoaded
    }

    static let probeSQL = """
        SELECT current_setting('server_version_num')::int8 AS version, pg_is_in_recovery() AS in_recovery,
               pg_has_role(current_user, 'pg_monitor', 'USAGE') AS monitor,
               (SELECT extversion::text FROM pg_extension WHERE extname = 'pg_stat_statements') AS statements_version,
               EXISTS (SELECT 1 FROM pg_settings WHERE name LIKE 'pg_stat_statements.%') AS statements_loaded
        """

    /// Reads the server's state.
    public static func probe(_ connection: PostgresConnection) throws(PostgresError) -> ServerInfo {
        let result = try connection.query(probeSQL)
        guard let row = result.rows.first, case .int8(let version) = row[0], case .bool(let recovery) = row[1],
              case .bool(let monitor) = row[2], case .bool(let loaded) = row[4] else {
            throw PostgresError(.malformedValue, "unexpected server probe result \(result.rows)")
        }
        var extensionVersion: String?
        if case .text(let text) = row[3] { extensionVersion = text }
        return ServerInfo(versionNum: Int(version), inRecovery: recovery, hasMonitorRole: monitor,
                          statementsExtensionVersion: extensionVersion, statementsLibraryLoaded: loaded)
    }
}
