import PostgresClient
import WireProtocol

/// `pg_settings_changed`: settings not at their default, sent on the first round and then only
/// when any of them changed. The collector's own session settings are left out.
final class SettingsChangedFamily: PostgresFamily {
    let name = "pg_settings_changed"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements()
    /// The rows last sent, to send again only on a change.
    private var lastSent: [[Value]]?

    static let columns: [SQLColumn] = [
        SQLColumn("name", "text", prefix: "s."),
        SQLColumn("setting", "text", prefix: "s."),
        SQLColumn("unit", "text", prefix: "s."),
        SQLColumn("source", "text", prefix: "s."),
        SQLColumn("pending_restart", "bool", prefix: "s."),
    ]

    func sql(forServerVersion version: Int) -> String? {
        """
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM pg_settings s
        WHERE s.source NOT IN ('default', 'client', 'session')
        ORDER BY s.name
        """
    }

    func collect(on connection: PostgresConnection, server: ServerInfo, at time: SampleTime) throws -> [Batch] {
        guard let sql = sql(forServerVersion: server.versionNum) else { return [] }
        let result = try connection.query(sql)
        guard result.rows != lastSent else { return [] }
        let batch = try result.batch(family: name, sampledAt: time.microsecondsSince2000)
        lastSent = result.rows
        return [batch]
    }
}
