@testable import Collector
import PostgresClient
import Testing
import WireProtocol

/// The top-N and `<other>` logic of `pg_stat_statements`, on made-up rows.
@Suite("pg_stat_statements ranking")
struct PostgresStatementsRankingTests {
    static let columns = [
        QueryResult.Column(name: "userid", postgresType: .int8), QueryResult.Column(name: "dbid", postgresType: .int8),
        QueryResult.Column(name: "toplevel", postgresType: .bool), QueryResult.Column(name: "queryid", postgresType: .int8),
        QueryResult.Column(name: "calls", postgresType: .int8), QueryResult.Column(name: "total_exec_time", postgresType: .float8),
        QueryResult.Column(name: "mean_exec_time", postgresType: .float8), QueryResult.Column(name: "stats_reset", postgresType: .timestamptz),
        QueryResult.Column(name: "wal_bytes", postgresType: .int8),
    ]

    static func result(_ entries: [(queryid: Int64, calls: Int64, total: Double)]) -> QueryResult {
        QueryResult(columns: columns, rows: entries.map {
            [.int8(10), .int8(5), .bool(true), .int8($0.queryid), .int8($0.calls), .float8($0.total), .float8(1), .timestamptz(7), .null]
        })
    }

    @Test("ranks by time since the previous round, sums the rest into <other>")
    func ranking() {
        let tracker = StatementsTracker(limit: 2, textLength: 100)
        let first = tracker.rank(Self.result([(1, 10, 1000), (2, 10, 500), (3, 10, 100), (4, 5, 50)]))
        #expect(first.map { $0[3] } == [.int8(1), .int8(2), .int8(0)])
        #expect(first[2] == [.null, .null, .null, .int8(0), .int8(15), .float8(150), .null, .timestamptz(7), .null])
        #expect(tracker.pendingTexts == [1, 2, 0])
        tracker.markSent([1, 2, 0])

        // 3 spent the most since; 1 is the largest in total but idle; 2 was reset (smaller total).
        let second = tracker.rank(Self.result([(1, 10, 1000), (2, 1, 300), (3, 20, 900), (4, 5, 50)]))
        #expect(second.map { $0[3] } == [.int8(3), .int8(2), .int8(0)])
        #expect(second[2][4] == .int8(15), "calls of 1 and 4")
        #expect(tracker.pendingTexts == [3], "texts already sent are not pending again")
    }

    @Test("fewer statements than the limit still get an <other> row of zeros")
    func fewStatements() {
        let tracker = StatementsTracker(limit: 50, textLength: 100)
        let rows = tracker.rank(Self.result([(9, 1, 1)]))
        #expect(rows.count == 2)
        #expect(rows[1][3] == .int8(0))
        #expect(rows[1][4] == .int8(0))
        #expect(rows[1][5] == .float8(0))
    }

    @Test("the memory of sent texts is bounded")
    func boundedMemory() {
        let tracker = StatementsTracker(limit: 3, textLength: 100, maxRemembered: 4)
        tracker.markSent([1, 2, 3, 4, 5])
        _ = tracker.rank(Self.result([(1, 1, 3), (2, 1, 2), (3, 1, 1)]))
        #expect(tracker.pendingTexts == [1, 2, 3, 0], "forgotten past the bound, so sent again")
    }
}
