import Foundation
import Testing

/// The dashboard files as Grafana 10 loads them from the provisioning directory.
@Suite("Grafana dashboards: structure")
struct DashboardStructureTests {
    static let expectedTitles: Set<String> = [
        "Fleet", "Database overview", "Query performance", "Replication", "Health", "Connections",
        "WAL and checkpoints", "Cache", "Transactions", "Storage", "Host",
    ].reduce(into: []) { $0.insert("pgAnalytics / " + $1) }

    @Test("every dashboard the issue asks for is provisioned, each with a unique uid and title")
    func dashboardsAndUIDs() throws {
        let dashboards = try DashboardFile.all()
        #expect(Set(dashboards.map(\.title)) == Self.expectedTitles)
        let uids = dashboards.map(\.uid)
        #expect(Set(uids).count == uids.count, "duplicate uids: \(uids)")
        #expect(Set(dashboards.map(\.title)).count == dashboards.count)
        for dashboard in dashboards {
            #expect(!dashboard.uid.isEmpty && dashboard.uid.count <= 40, "\(dashboard.relativePath): uid `\(dashboard.uid)`")
            #expect(dashboard.uid.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            #expect(dashboard.json["id"] == nil || dashboard.json["id"] is NSNull, "\(dashboard.relativePath): provisioned dashboards carry no id")
        }
    }

    @Test("schemaVersion 38 or later, time range, tags, panels with unique ids and sane grid positions")
    func grafana10Schema() throws {
        for dashboard in try DashboardFile.all() {
            let file = dashboard.relativePath
            let version = dashboard.json["schemaVersion"] as? Int ?? 0
            #expect(version >= 38, "\(file): schemaVersion \(version)")
            #expect((dashboard.json["time"] as? [String: Any])?["from"] is String, "\(file): no time range")
            #expect((dashboard.json["tags"] as? [String])?.contains("pganalytics") == true, "\(file): no pganalytics tag")
            let panels = dashboard.panels
            #expect(!panels.isEmpty)
            let ids = panels.compactMap { $0["id"] as? Int }
            #expect(ids.count == panels.count && Set(ids).count == ids.count, "\(file): panel ids \(ids)")
            for panel in panels {
                let title = panel["title"] as? String ?? ""
                #expect(!title.isEmpty, "\(file): a panel without a title")
                let grid = panel["gridPos"] as? [String: Int] ?? [:]
                let (x, w, h) = (grid["x"] ?? -1, grid["w"] ?? 0, grid["h"] ?? 0)
                #expect(x >= 0 && w > 0 && h > 0 && x + w <= 24 && grid["y"] != nil, "\(file) \"\(title)\": gridPos \(grid)")
                #expect(panel["type"] is String, "\(file) \"\(title)\": no type")
            }
        }
    }

    @Test("every panel queries the pganalytics data source with raw SQL, and only it")
    func oneDatasourceEverywhere() throws {
        var panelCount = 0
        for dashboard in try DashboardFile.all() {
            let file = dashboard.relativePath
            var references: [[String: Any]] = []
            for panel in dashboard.dataPanels {
                panelCount += 1
                let title = panel["title"] as? String ?? ""
                let targets = panel["targets"] as? [[String: Any]] ?? []
                #expect(!targets.isEmpty, "\(file) \"\(title)\": no targets")
                if let datasource = panel["datasource"] as? [String: Any] { references.append(datasource) } else {
                    Issue.record("\(file) \"\(title)\": no datasource")
                }
                let refIds = targets.map { $0["refId"] as? String ?? "" }
                #expect(Set(refIds).count == refIds.count && !refIds.contains(""), "\(file) \"\(title)\": refIds \(refIds)")
                for target in targets {
                    let sql = target["rawSql"] as? String ?? ""
                    #expect(!sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(file) \"\(title)\": empty rawSql")
                    #expect(target["rawQuery"] as? Bool == true && target["editorMode"] as? String == "code", "\(file) \"\(title)\": not a raw SQL query")
                    #expect(["time_series", "table"].contains(target["format"] as? String ?? ""), "\(file) \"\(title)\": format")
                    if let datasource = target["datasource"] as? [String: Any] { references.append(datasource) }
                }
            }
            for variable in dashboard.templateVariables where variable["type"] as? String == "query" {
                if let datasource = variable["datasource"] as? [String: Any] { references.append(datasource) } else {
                    Issue.record("\(file) $\(variable["name"] ?? ""): no datasource")
                }
            }
            for reference in references {
                #expect(reference["uid"] as? String == ProvisioningFiles.datasourceUID, "\(file): datasource \(reference)")
                #expect(reference["type"] as? String == ProvisioningFiles.datasourceType, "\(file): datasource \(reference)")
            }
        }
        #expect(panelCount >= 90, "\(panelCount) data panels")
    }

    @Test("template variables: collector on every per-server dashboard, database where queries filter by it, each variable used")
    func variables() throws {
        for dashboard in try DashboardFile.all() {
            let file = dashboard.relativePath
            let names = dashboard.templateVariables.compactMap { $0["name"] as? String }
            let sql = dashboard.panelQueries.map(\.rawSQL).joined(separator: "\n")
                + dashboard.queryVariables.map(\.query.rawSQL).joined(separator: "\n")
            if dashboard.uid != "pga-fleet" {
                #expect(names.first == "collector", "\(file): the first variable is \(names.first ?? "none")")
            }
            for name in names {
                #expect(sql.contains("$" + name), "\(file): variable $\(name) is not used")
            }
            if sql.contains("$database") {
                #expect(names.contains("database"), "\(file): uses $database without defining it")
            }
            for variable in dashboard.queryVariables {
                let multi = variable.multi || variable.includeAll
                // Multi-value variables expand to a quoted list, single ones are inserted as is.
                let panelSQL = dashboard.panelQueries.map(\.rawSQL).joined(separator: "\n")
                if multi {
                    #expect(!panelSQL.contains("'$\(variable.name)'"), "\(file): multi-value $\(variable.name) inside quotes")
                } else if variable.name == "collector" {
                    #expect(!panelSQL.contains("= $collector"), "\(file): $collector must be quoted")
                }
            }
        }
    }

    @Test("rates come from the rate views: no query reads a cumulative counter column from a family table")
    func ratesFromRateViews() throws {
        let counters = try Self.counterColumns()
        #expect(counters["pg_stat_database"]?.contains("xact_commit") == true && counters["pg_stat_statements"]?.contains("calls") == true)
        let queries = try DashboardFile.all().flatMap { $0.panelQueries + $0.queryVariables.map(\.query) }
            + AlertRuleFile.all().flatMap(\.queries)
        for query in queries {
            let words = Set(query.rawSQL.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
            for table in Self.familyTablesReadDirectly(query.rawSQL) {
                let used = words.intersection(counters[table] ?? [])
                #expect(used.isEmpty, "\(query): reads the cumulative counters \(used.sorted()) of pganalytics.\(table); use pganalytics.\(table)_rates")
            }
        }
    }

    /// Counter columns per family, from docs/schema.md (`### \`family\`` sections, kind `counter`).
    static func counterColumns() throws -> [String: Set<String>] {
        let schema = try String(contentsOf: ProvisioningFiles.root.appendingPathComponent("docs/schema.md"), encoding: .utf8)
        var counters: [String: Set<String>] = [:]
        var family: String?
        for line in schema.split(separator: "\n") {
            if line.hasPrefix("### `") {
                family = line.dropFirst(5).prefix { $0 != "`" }.description
            } else if line.hasPrefix("## ") {
                family = nil
            } else if let family, line.hasSuffix("| counter |") {
                let name = line.split(separator: "|").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `")) } ?? ""
                counters[family, default: []].insert(name)
            }
        }
        return counters
    }

    /// `pganalytics.<table>` references that are not rate views.
    static func familyTablesReadDirectly(_ sql: String) -> [String] {
        var found: [String] = []
        var rest = Substring(sql)
        while let range = rest.range(of: "pganalytics.") {
            let name = String(rest[range.upperBound...].prefix { $0.isLowercase || $0.isNumber || $0 == "_" })
            if !name.hasSuffix("_rates") && !found.contains(name) { found.append(name) }
            rest = rest[range.upperBound...]
        }
        return found
    }
}
