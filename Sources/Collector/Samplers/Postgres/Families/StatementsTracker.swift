import PostgresClient
import WireProtocol

/// What the statement families remember between rounds: each entry's total execution time, to
/// rank by the time spent since, and which query texts were already sent.
final class StatementsTracker {
    /// Statements sent per round, besides the `<other>` row.
    let limit: Int
    /// Characters of query text sent.
    let textLength: Int
    /// Total execution time per entry at the previous round.
    private var previousTotals: [[Value]: Double] = [:]
    /// Query ids whose text was sent; 0 is the `<other>` row.
    private(set) var sentTexts: Set<Int64> = []
    /// Query ids ranked in this round's top whose text has not been sent yet.
    private(set) var pendingTexts: [Int64] = []
    /// Past this many remembered texts the memory is cleared (texts are then sent again).
    let maxRemembered: Int

    init(limit: Int, textLength: Int, maxRemembered: Int = 100_000) {
        self.limit = limit
        self.textLength = textLength
        self.maxRemembered = maxRemembered
    }

    /// The top `limit` rows by execution time since the previous call, then the `<other>` row.
    func rank(_ result: QueryResult) -> [[Value]] {
        let keyColumns = StatementsColumns.key.compactMap(result.columnIndex(named:))
        guard let totalColumn = result.columnIndex(named: "total_exec_time"),
              let queryidColumn = result.columnIndex(named: "queryid") else { return result.rows }
        var totals: [[Value]: Double] = [:]
        totals.reserveCapacity(result.rows.count)
        let ranked = result.rows.map { row -> (row: [Value], delta: Double) in
            let key = keyColumns.map { row[$0] }
            let total = row[totalColumn].double
            totals[key] = total
            let previous = previousTotals[key] ?? 0
            // A smaller total means the entry was reset or evicted and came back.
            return (row, total >= previous ? total - previous : total)
        }
        .sorted { $0.delta != $1.delta ? $0.delta > $1.delta : $0.row[queryidColumn].int64 < $1.row[queryidColumn].int64 }
        previousTotals = totals
        let top = ranked.prefix(limit).map(\.row)
        let rest = ranked.dropFirst(limit).map(\.row)
        notePending(top.map { $0[queryidColumn].int64 } + [0])
        return top + [otherRow(rest, columns: result.columns)]
    }

    /// Sums the counters of `rows`; identity and min/max/mean/stddev columns are NULL, queryid 0.
    func otherRow(_ rows: [[Value]], columns: [QueryResult.Column]) -> [Value] {
        columns.enumerated().map { index, column -> Value in
            if column.name == "queryid" { return .int8(0) }
            if column.name == "stats_reset" || column.name == "dealloc" { return rows.first?[index] ?? .null }
            guard StatementsColumns.isSummable(column.name) else { return .null }
            switch column.type {
            case .int8:
                return rows.allSatisfy { $0[index] == .null } && !rows.isEmpty ? .null : .int8(rows.reduce(0) { $0 &+ $1[index].int64 })
            case .float8:
                return rows.allSatisfy { $0[index] == .null } && !rows.isEmpty ? .null : .float8(rows.reduce(0) { $0 + $1[index].double })
            default:
                return .null
            }
        }
    }

    private func notePending(_ ids: [Int64]) {
        if sentTexts.count > maxRemembered { sentTexts.removeAll() }
        var seen = Set<Int64>()
        pendingTexts = ids.filter { !sentTexts.contains($0) && seen.insert($0).inserted }
    }

    /// Records texts as sent.
    func markSent(_ ids: some Sequence<Int64>) {
        sentTexts.formUnion(ids)
        pendingTexts.removeAll()
    }
}

extension Value {
    /// The number in an int8 or float8 value, 0 for anything else.
    var double: Double {
        switch self {
        case .float8(let value): value
        case .int8(let value): Double(value)
        default: 0
        }
    }

    /// The integer in an int8 value, 0 for anything else.
    var int64: Int64 {
        if case .int8(let value) = self { return value }
        return 0
    }
}
