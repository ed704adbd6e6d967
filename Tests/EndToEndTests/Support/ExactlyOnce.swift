import Foundation
import PostgresClient
import Testing
import WireProtocol

/// One spool record as `pga-dump --records --json` lists it.
struct SpoolRecord: Hashable {
    var sequence: Int64
    var family: String
    var sampledAt: String
    var rows: Int64
}

/// The exactly-once check: every record the collector wrote up to the committed sequence is in
/// the metrics database once, and nothing else is.
enum ExactlyOnce {
    /// Every record in the spool shadow, in sequence order, read by the real `pga-dump`.
    static func records(of collector: CollectorProcess) async throws -> [SpoolRecord] {
        collector.shadow.finish()
        let dump = try await ChildProcess.run(Executables.dump, ["--records", "--json", collector.shadow.shadow], environment: [:],
                                              logPath: collector.directory + "/pga-dump-records.out")
        var records: [SpoolRecord] = []
        for line in dump.output.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            let type = object["type"] as? String
            #expect(type != "damage", "the spool shadow holds a damaged record: \(line)")
            guard type == "record", let sequence = (object["sequence"] as? NSNumber)?.int64Value,
                  let family = object["family"] as? String, let sampledAt = object["sampled_at"] as? String,
                  let rows = (object["rows"] as? NSNumber)?.int64Value else { continue }
            records.append(SpoolRecord(sequence: sequence, family: family, sampledAt: sampledAt, rows: rows))
        }
        return records.sorted { $0.sequence < $1.sequence }
    }

    /// Checks, with the backend and the collector stopped:
    /// * the collector wrote sequences 1…N without a hole, and the database committed through
    ///   `atLeast` or further (every sample of the scenario arrived);
    /// * no record was counted as lost or dropped;
    /// * per family and sampled-at time, the database holds exactly as many rows as the spool
    ///   records up to the committed sequence carry: a record stored twice, or not at all, or
    ///   rows from anywhere else, break the equality.
    /// Returns the number of records and rows checked.
    @discardableResult
    static func check(_ collector: CollectorProcess, in database: MetricsDatabase, committedAtLeast atLeast: Int64,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws -> (records: Int, rows: Int64) {
        let all = try await records(of: collector)
        try #require(!all.isEmpty, "the spool shadow holds no records", sourceLocation: sourceLocation)
        let sequences = all.map(\.sequence)
        #expect(sequences == Array(1...Int64(all.count)), "the spool's sequences are not 1…\(all.count) without a hole",
                sourceLocation: sourceLocation)

        let row = try #require(try database.collector(collector.collectorID), "no collectors row for \(collector.collectorID)",
                               sourceLocation: sourceLocation)
        #expect(row.committedSequence >= atLeast,
                "committed sequence \(row.committedSequence), expected at least \(atLeast)\n\(collector.logs)", sourceLocation: sourceLocation)
        #expect(row.committedSequence <= Int64(all.count), "committed beyond what the collector wrote", sourceLocation: sourceLocation)
        #expect(row.lostRecords == 0, "the backend counted \(row.lostRecords) lost records", sourceLocation: sourceLocation)
        #expect(row.droppedRecords == 0, "the spool dropped \(row.droppedRecords) records", sourceLocation: sourceLocation)

        let committed = all.filter { $0.sequence <= row.committedSequence }
        var expected: [String: [String: Int64]] = [:]
        for record in committed { expected[record.family, default: [:]][record.sampledAt, default: 0] += record.rows }
        let expectedRows = committed.reduce(0) { $0 + $1.rows }
        #expect(row.samplesReceived == expectedRows, "samples_received \(row.samplesReceived), the spool's committed records hold \(expectedRows) rows",
                sourceLocation: sourceLocation)

        let connection = try PostgresConnection(database.parameters)
        defer { connection.close() }
        let tables = try connection.query("""
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'pganalytics' AND c.relkind = 'p' ORDER BY 1
            """).rows.compactMap { row -> String? in
                if case .text(let name) = row[0] { return name }
                return nil
            }
        for family in Set(expected.keys) where !tables.contains(family) {
            Issue.record("the spool has records of \(family), the database no table", sourceLocation: sourceLocation)
        }
        var stored: Int64 = 0
        for table in tables {
            let counts = try connection.query("""
                SELECT to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), count(*)::bigint
                FROM pganalytics.\(table) WHERE collector_id = $1 GROUP BY 1
                """, params: [collector.collectorID]).rows
            let others = try connection.query("SELECT count(*)::bigint FROM pganalytics.\(table) WHERE collector_id <> $1",
                                              params: [collector.collectorID]).rows
            if case .int8(let n) = others[0][0], n > 0 { Issue.record("\(table): \(n) rows of another collector", sourceLocation: sourceLocation) }
            var inDatabase: [String: Int64] = [:]
            for count in counts {
                guard case .text(let time) = count[0], case .int8(let n) = count[1] else { continue }
                inDatabase[Self.normalized(time)] = n
                stored += n
            }
            let wanted = (expected[table] ?? [:]).reduce(into: [String: Int64]()) { $0[Self.normalized($1.key)] = $1.value }
                .filter { $0.value > 0 }
            if inDatabase != wanted {
                let times = Set(inDatabase.keys).union(wanted.keys).sorted()
                let differences = times.filter { inDatabase[$0] != wanted[$0] }
                    .prefix(10).map { "\($0): database \(inDatabase[$0] ?? 0), spool \(wanted[$0] ?? 0)" }
                Issue.record("\(table): rows per sampled-at time differ from the spool's (first differences: \(differences.joined(separator: "; ")))",
                             sourceLocation: sourceLocation)
            }
        }
        #expect(stored == expectedRows, "the database holds \(stored) rows, the spool's committed records \(expectedRows)",
                sourceLocation: sourceLocation)
        return (committed.count, expectedRows)
    }

    /// `2026-11-25T09:00:01.120270Z` with the fraction written out to six digits, so that the
    /// spool's and the database's spelling of one instant compare equal.
    static func normalized(_ time: String) -> String {
        guard time.hasSuffix("Z") else { return time }
        let body = time.dropLast()
        guard let dot = body.firstIndex(of: ".") else { return String(body) + ".000000Z" }
        let fraction = String(body[body.index(after: dot)...])
        return String(body[..<dot]) + "." + fraction.padding(toLength: 6, withPad: "0", startingAt: 0) + "Z"
    }
}
