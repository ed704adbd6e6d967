import Foundation
import PostgresClient
import Testing

/// Every query of every provisioned dashboard, template variable and alert rule, expanded as
/// Grafana expands it and run on a metrics database that the real collector filled.
@Suite("Grafana queries on live data")
struct LiveQueryTests {
    /// Panels that may rightly be empty although the tables they read hold data: they show
    /// rare events, and say "No data" when there are none.
    static let mayBeEmpty: [String: String] = [
        "Spool drop events": "only when a spool discarded unshipped records",
        "Collector events": "only when a family starts or stops failing",
    ]

    @Test("every dashboard, variable and alert query runs without error and returns rows where data exists")
    func everyQueryRunsOnLiveData() async throws {
        let source = LiveSources.selected()
        let metrics = try await source.load()
        defer { metrics.cleanup() }
        let connection = try PostgresConnection(metrics.parameters)
        defer { connection.close() }
        // As Grafana's data source runs them: with the read-only role's privileges.
        try connection.execute("SET ROLE \(ReaderRole.name)")
        var check = LiveQueryCheck(runner: QueryRunner(connection: connection), metrics: metrics)

        let range = GrafanaTimeRange(fromMilliseconds: metrics.fromMilliseconds, toMilliseconds: metrics.toMilliseconds,
                                     minimumIntervalMilliseconds: try DatasourceFile.minimumIntervalMilliseconds())
        for dashboard in try DashboardFile.all() {
            var interpolation = GrafanaInterpolation(range: range)
            for variable in dashboard.queryVariables {
                var values = check.run(variable.query, interpolation: interpolation, wantValues: true)?.values ?? []
                if variable.name == "collector", values.contains(metrics.collectorID) {
                    // The operator picks the collector; Grafana's default is the first.
                    values = [metrics.collectorID]
                }
                interpolation.variables[variable.name] = variable.multi || variable.includeAll
                    ? .multiple(values) : .single(values.first ?? "")
            }
            for query in dashboard.panelQueries {
                check.run(query, interpolation: interpolation)
            }
        }
        let now = Clock.milliseconds()
        var alertValues: [String: Double] = [:]
        for file in try AlertRuleFile.all() {
            for query in file.queries {
                let from = now - (query.relativeFromSeconds ?? 600) * 1000
                let to = now - (query.relativeToSeconds ?? 0) * 1000
                let outcome = check.run(query, interpolation: GrafanaInterpolation(range: GrafanaTimeRange(fromMilliseconds: from, toMilliseconds: to, intervalMilliseconds: 60_000)))
                alertValues[query.owner] = outcome?.numberByCollector[metrics.collectorID]
            }
        }
        if metrics.scenario {
            // What the rules see of the fixture's scenario: a collector just seen, a session idle
            // in its transaction holding a lock, a session waiting for it, a streaming standby,
            // nothing dropped.
            #expect(alertValues["pga-collector-offline"].map { $0 >= 0 && $0 < 300 } == true, "offline: \(String(describing: alertValues["pga-collector-offline"]))")
            #expect(alertValues["pga-idle-in-transaction"].map { $0 > 0 } == true, "idle in transaction: \(String(describing: alertValues["pga-idle-in-transaction"]))")
            #expect(alertValues["pga-blocked-sessions"].map { $0 > 0 } == true, "blocked: \(String(describing: alertValues["pga-blocked-sessions"]))")
            #expect(alertValues["pga-spool-dropping"] == 0)
            #expect(alertValues["pga-replication-lag-bytes"].map { $0 >= 0 } == true, "the standby's lag: \(String(describing: alertValues["pga-replication-lag-bytes"]))")
            #expect(alertValues["pga-wraparound-age"].map { $0 > 0 && $0 < 1_000_000_000 } == true)
            #expect(alertValues["pga-filesystem-full"].map { $0 > 0 && $0 <= 100 } == true)
        }

        print(check.report())
        #expect(check.failures.isEmpty, "\(check.failures.count) queries failed:\n\(check.failures.joined(separator: "\n"))")
        #expect(check.total >= 100, "only \(check.total) queries found")
        #expect(check.fractionWithRows >= 0.9, "only \(check.withRows) of \(check.total) queries returned rows")
    }
}

/// Runs queries and keeps the score.
struct LiveQueryCheck {
    let runner: QueryRunner
    let metrics: LoadedMetrics
    private(set) var total = 0
    private(set) var withRows = 0
    private(set) var failures: [String] = []
    private(set) var empty: [String] = []
    private(set) var byKind: [GrafanaQuery.Kind: (total: Int, withRows: Int)] = [:]

    init(runner: QueryRunner, metrics: LoadedMetrics) {
        self.runner = runner
        self.metrics = metrics
    }

    var fractionWithRows: Double { total == 0 ? 0 : Double(withRows) / Double(total) }

    /// Expands and runs `query`; records a failure for an error, a time series without a
    /// `time` column or numbers, or no rows where the relations it reads hold data. Returns what
    /// it returned (nil when it failed to run).
    @discardableResult
    mutating func run(_ query: GrafanaQuery, interpolation: GrafanaInterpolation, wantValues: Bool = false) -> QueryOutcome? {
        total += 1
        byKind[query.kind, default: (0, 0)].total += 1
        guard !query.rawSQL.isEmpty else {
            failures.append("\(query): no rawSql")
            return nil
        }
        let sql: String
        do {
            sql = try interpolation.expand(query.rawSQL)
        } catch {
            failures.append("\(query): \(error)")
            return nil
        }
        let outcome: QueryOutcome
        do {
            outcome = try runner.run(sql, wantValues: wantValues)
        } catch {
            failures.append("\(query): \(error)\n\(sql)")
            return nil
        }
        if query.format == "time_series" {
            guard let time = outcome.columns.first(where: { $0.name == "time" }) else {
                failures.append("\(query): a time series without a `time` column: \(outcome.columns.map(\.name))")
                return outcome
            }
            if !(QueryRunner.numericTypes.contains(time.type) || time.type.hasPrefix("timestamp")) {
                failures.append("\(query): `time` is \(time.type)")
            }
            if !outcome.columns.contains(where: { $0.name != "time" && QueryRunner.numericTypes.contains($0.type) }) {
                failures.append("\(query): a time series without a numeric column: \(outcome.columns)")
            }
        }
        let returned = query.format == "time_series" ? outcome.rowsWithValues : outcome.rows
        if returned > 0 {
            withRows += 1
            byKind[query.kind, default: (0, 0)].withRows += 1
            return outcome
        }
        let relations = Self.relations(in: query.rawSQL)
        let from = GrafanaInterpolation.rfc3339(milliseconds: interpolation.range.fromMilliseconds)
        let to = GrafanaInterpolation.rfc3339(milliseconds: interpolation.range.toMilliseconds)
        do {
            let withData = try relations.filter { relation in
                try runner.hasData(relation: relation, collector: query.owner == "pga-fleet" || query.kind == .alert ? nil : metrics.collectorID,
                                   from: from, to: to)
            }
            if withData.count == relations.count && !relations.isEmpty {
                if let reason = LiveQueryTests.mayBeEmpty[query.title] {
                    empty.append("\(query): no rows (\(reason))")
                } else {
                    failures.append("\(query): no rows, although \(relations.joined(separator: ", ")) hold data\n\(sql)")
                }
            } else {
                let missing = relations.filter { !withData.contains($0) }
                empty.append("\(query): no rows (no data in \(missing.joined(separator: ", ")))")
            }
        } catch {
            failures.append("\(query): checking its tables: \(error)")
        }
        return outcome
    }

    /// The family tables, rate views (and `collectors`) that `sql` reads.
    static func relations(in sql: String) -> [String] {
        var found: [String] = []
        var rest = Substring(sql)
        while let range = rest.range(of: "pganalytics.") {
            let relation = String(rest[range.upperBound...].prefix { $0.isLowercase || $0.isNumber || $0 == "_" })
            if !relation.isEmpty && !found.contains(relation) { found.append(relation) }
            rest = rest[range.upperBound...]
        }
        return found
    }

    func report() -> String {
        var lines = ["Grafana queries on live data (\(metrics.source)):"]
        for kind in [GrafanaQuery.Kind.panel, .variable, .alert] {
            let score = byKind[kind] ?? (0, 0)
            lines.append("  \(kind.rawValue) queries: \(score.total), returning rows: \(score.withRows)")
        }
        lines.append(String(format: "  all: %d queries, %d returning rows (%.1f%%), %d failed", total, withRows, fractionWithRows * 100, failures.count))
        lines += empty.map { "  empty: " + $0 }
        return lines.joined(separator: "\n")
    }
}
