import PostgresClient
import WireProtocol

/// `pg_stat_statements_text`: the query text of each statement `pg_stat_statements` ranked,
/// sent once per queryid (again after the collector restarts), truncated to `textLength`
/// characters; queryid 0 is the `<other>` row.
final class StatementTextsFamily: PostgresFamily {
    let name = "pg_stat_statements_text"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements(needsMonitorRole: true, needsStatementsExtension: true)
    let tracker: StatementsTracker
    static let otherText = "<other>"

    init(tracker: StatementsTracker) {
        self.tracker = tracker
    }

    func sql(forServerVersion version: Int) -> String? {
        // Prefer the top-level entry's text when a statement also ran nested (14+).
        let order = version >= PostgresVersion.v14 ? "s.queryid, s.toplevel DESC, s.userid, s.dbid" : "s.queryid, s.userid, s.dbid"
        return """
        SELECT DISTINCT ON (s.queryid)
            s.queryid::int8 AS queryid, s.dbid::int8 AS dbid, s.userid::int8 AS userid, left(s.query, $2::int4)::text AS query
        FROM pg_stat_statements(true) s
        WHERE s.queryid = ANY($1::int8[])
        ORDER BY \(order)
        """
    }

    func collect(on connection: PostgresConnection, server: ServerInfo, at time: SampleTime) throws -> [Batch] {
        let pending = tracker.pendingTexts
        guard !pending.isEmpty, let sql = sql(forServerVersion: server.versionNum) else { return [] }
        let ids = pending.filter { $0 != 0 }
        var result = try connection.query(sql, params: ["{" + ids.map(String.init).joined(separator: ",") + "}", String(tracker.textLength)])
        var sent = result.rows.map { $0[0].int64 }
        if pending.contains(0) {
            result.rows.append([.int8(0), .null, .null, .text(Self.otherText)])
            sent.append(0)
        }
        let batch = try result.batch(family: name, sampledAt: time.microsecondsSince2000)
        tracker.markSent(sent)
        return [batch]
    }
}
