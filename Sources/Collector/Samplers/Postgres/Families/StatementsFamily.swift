import PostgresClient
import WireProtocol

/// `pg_stat_statements`: the `limit` statements that spent the most execution time since the
/// previous round, plus one `<other>` row (queryid 0) carrying the sums of all the rest, so the
/// cardinality stays bounded. Counters are cumulative as PostgreSQL reports them.
final class StatementsFamily: PostgresFamily {
    let name = "pg_stat_statements"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements(needsMonitorRole: true, needsStatementsExtension: true)
    let tracker: StatementsTracker

    init(tracker: StatementsTracker) {
        self.tracker = tracker
    }

    func sql(forServerVersion version: Int) -> String? {
        // showtext false: the texts live in a file that need not be read every round.
        """
        SELECT
        \(StatementsColumns.all.selectList(forServerVersion: version))
        FROM pg_stat_statements(false) s
        WHERE s.queryid IS NOT NULL
        """
    }

    func collect(on connection: PostgresConnection, server: ServerInfo, at time: SampleTime) throws -> [Batch] {
        guard let sql = sql(forServerVersion: server.versionNum) else { return [] }
        let result = try connection.query(sql)
        let rows = tracker.rank(result)
        return [try Batch(family: name, sampledAt: time.microsecondsSince2000, columns: result.columnDescriptors, rows: rows)]
    }
}
