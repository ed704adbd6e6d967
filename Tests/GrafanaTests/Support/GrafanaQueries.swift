import Foundation

/// One SQL query that Grafana would run: a panel target, a template variable, or an alert rule's
/// data query.
struct GrafanaQuery: Sendable, CustomStringConvertible {
    enum Kind: String, Sendable {
        case panel, variable, alert
    }

    var kind: Kind
    /// `grafana/provisioning/...` relative path.
    var file: String
    /// The dashboard's uid or the rule's uid.
    var owner: String
    /// The panel's title, the variable's name or the rule's title.
    var title: String
    var refId: String
    /// `time_series` or `table`.
    var format: String
    var rawSQL: String
    /// Alert queries: the range they are evaluated over, in seconds before now.
    var relativeFromSeconds: Int64?
    var relativeToSeconds: Int64?

    var description: String { "\(file) · \(kind.rawValue) \"\(title)\" \(refId)" }
}

/// A dashboard's template variable of type `query`.
struct GrafanaQueryVariable: Sendable {
    var name: String
    var multi: Bool
    var includeAll: Bool
    var query: GrafanaQuery
}

/// A dashboard file, read.
struct DashboardFile {
    var url: URL
    var json: [String: Any]

    var relativePath: String { ProvisioningFiles.relative(url) }
    var uid: String { json["uid"] as? String ?? "" }
    var title: String { json["title"] as? String ?? "" }

    /// Every panel, including those nested in collapsed rows.
    var panels: [[String: Any]] {
        let top = json["panels"] as? [[String: Any]] ?? []
        return top.flatMap { panel in [panel] + (panel["panels"] as? [[String: Any]] ?? []) }
    }

    /// Panels that query data (rows and text panels do not).
    var dataPanels: [[String: Any]] {
        panels.filter { !["row", "text", "news", "dashlist"].contains($0["type"] as? String ?? "") }
    }

    var templateVariables: [[String: Any]] {
        (json["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
    }

    var queryVariables: [GrafanaQueryVariable] {
        templateVariables.filter { $0["type"] as? String == "query" }.map { variable in
            let name = variable["name"] as? String ?? ""
            let query: String
            if let text = variable["query"] as? String {
                query = text
            } else {
                query = (variable["query"] as? [String: Any])?["rawSql"] as? String ?? ""
            }
            return GrafanaQueryVariable(
                name: name, multi: variable["multi"] as? Bool ?? false, includeAll: variable["includeAll"] as? Bool ?? false,
                query: GrafanaQuery(kind: .variable, file: relativePath, owner: uid, title: "$" + name, refId: "-",
                                    format: "table", rawSQL: query))
        }
    }

    var panelQueries: [GrafanaQuery] {
        dataPanels.flatMap { panel -> [GrafanaQuery] in
            let title = panel["title"] as? String ?? "(untitled)"
            return (panel["targets"] as? [[String: Any]] ?? []).map { target in
                GrafanaQuery(kind: .panel, file: relativePath, owner: uid, title: title,
                             refId: target["refId"] as? String ?? "?", format: target["format"] as? String ?? "time_series",
                             rawSQL: target["rawSql"] as? String ?? "")
            }
        }
    }

    static func all() throws -> [DashboardFile] {
        try ProvisioningFiles.files(in: "dashboards", suffix: ".json").map { DashboardFile(url: $0, json: try ProvisioningFiles.json($0)) }
    }
}

/// An alerting provisioning file, read.
struct AlertRuleFile {
    var url: URL
    var yaml: YAMLValue

    var relativePath: String { ProvisioningFiles.relative(url) }
    var groups: [YAMLValue] { yaml["groups"]?.list ?? [] }
    var rules: [YAMLValue] { groups.flatMap { $0["rules"]?.list ?? [] } }

    /// The SQL data queries of every rule (expressions are not SQL).
    var queries: [GrafanaQuery] {
        rules.flatMap { rule -> [GrafanaQuery] in
            let uid = rule["uid"]?.string ?? ""
            let title = rule["title"]?.string ?? uid
            return (rule["data"]?.list ?? []).filter { $0["datasourceUid"]?.string != "__expr__" }.map { data in
                let range = data["relativeTimeRange"]
                return GrafanaQuery(kind: .alert, file: relativePath, owner: uid, title: title,
                                    refId: data["refId"]?.string ?? "?", format: data["model"]?["format"]?.string ?? "time_series",
                                    rawSQL: data["model"]?["rawSql"]?.string ?? "",
                                    relativeFromSeconds: range?["from"]?.string.flatMap { Int64($0) },
                                    relativeToSeconds: range?["to"]?.string.flatMap { Int64($0) })
            }
        }
    }

    static func all() throws -> [AlertRuleFile] {
        try ProvisioningFiles.files(in: "alerting", suffix: ".yaml").map { AlertRuleFile(url: $0, yaml: try ProvisioningFiles.yaml($0)) }
    }
}

/// The data source provisioning file(s).
enum DatasourceFile {
    /// The `pganalytics` data source's entry.
    static func pganalytics() throws -> YAMLValue {
        let entries = try ProvisioningFiles.files(in: "datasources", suffix: ".yaml")
            .flatMap { try ProvisioningFiles.yaml($0)["datasources"]?.list ?? [] }
        guard let entry = entries.first(where: { $0["uid"]?.string == ProvisioningFiles.datasourceUID }) else {
            throw ProvisioningError(file: "grafana/provisioning/datasources", message: "no data source with uid \(ProvisioningFiles.datasourceUID)")
        }
        return entry
    }

    /// The data source's minimum interval (`jsonData.timeInterval`), in milliseconds.
    static func minimumIntervalMilliseconds() throws -> Int64 {
        let text = try pganalytics()["jsonData"]?["timeInterval"]?.string ?? "1s"
        guard let milliseconds = GrafanaDuration.parse(text) else {
            throw ProvisioningError(file: "grafana/provisioning/datasources", message: "timeInterval `\(text)` is not a duration")
        }
        return milliseconds
    }
}
