import Testing

/// The alert rules, data source and dashboard provider files as Grafana's file provisioning reads them.
@Suite("Grafana provisioning: alert rules, data source, dashboard provider")
struct AlertRuleStructureTests {
    /// What the issue asks alerts for, and the rule that covers it.
    static let required: [String: String] = [
        "collector offline > 5 min": "pga-collector-offline",
        "replication lag over a threshold": "pga-replication-lag-bytes",
        "replication lag in time": "pga-replication-lag-time",
        "wraparound age": "pga-wraparound-age",
        "long idle-in-transaction": "pga-idle-in-transaction",
        "blocked sessions": "pga-blocked-sessions",
        "filesystem nearly full": "pga-filesystem-full",
        "spool dropping samples": "pga-spool-dropping",
    ]

    @Test("rule groups: apiVersion 1, org, folder, evaluation interval; every required rule present once")
    func groups() throws {
        let files = try AlertRuleFile.all()
        #expect(!files.isEmpty)
        var uids: [String] = []
        for file in files {
            #expect(file.yaml["apiVersion"]?.string == "1", "\(file.relativePath): apiVersion")
            for group in file.groups {
                #expect(group["orgId"]?.string == "1" && group["name"]?.string?.isEmpty == false, "\(file.relativePath): group \(group.keys)")
                #expect(group["folder"]?.string == "pgAnalytics", "\(file.relativePath): folder")
                #expect(group["interval"]?.string.flatMap(GrafanaDuration.parse) != nil, "\(file.relativePath): interval")
            }
            uids += file.rules.compactMap { $0["uid"]?.string }
        }
        #expect(Set(uids).count == uids.count, "duplicate rule uids: \(uids)")
        for (need, uid) in Self.required {
            #expect(uids.contains(uid), "no rule for \(need) (\(uid))")
        }
    }

    @Test("every rule: a SQL query on the pganalytics data source and a threshold on it as its condition")
    func rules() throws {
        for file in try AlertRuleFile.all() {
            for rule in file.rules {
                let uid = rule["uid"]?.string ?? ""
                let at = "\(file.relativePath) rule \(uid)"
                #expect(!uid.isEmpty && uid.count <= 40, "\(at): uid")
                #expect(rule["title"]?.string?.isEmpty == false, "\(at): title")
                #expect(["OK", "NoData", "Alerting"].contains(rule["noDataState"]?.string ?? ""), "\(at): noDataState")
                #expect(["OK", "Error", "Alerting"].contains(rule["execErrState"]?.string ?? ""), "\(at): execErrState")
                #expect(rule["for"]?.string.flatMap(GrafanaDuration.parse) != nil, "\(at): for")
                #expect(rule["annotations"]?["summary"]?.string?.isEmpty == false, "\(at): summary")
                #expect(rule["labels"]?["severity"] != nil, "\(at): severity label")
                let data = rule["data"]?.list ?? []
                let refIds = data.compactMap { $0["refId"]?.string }
                #expect(refIds.count == data.count && Set(refIds).count == refIds.count, "\(at): refIds \(refIds)")
                #expect(refIds.contains(rule["condition"]?.string ?? "?"), "\(at): the condition is not one of \(refIds)")
                var sqlQueries = 0
                for entry in data {
                    let refId = entry["refId"]?.string ?? "?"
                    let model = entry["model"]
                    #expect(model?["refId"]?.string == refId, "\(at) \(refId): the model's refId")
                    #expect(entry["relativeTimeRange"]?["from"]?.string.flatMap { Int($0) } != nil, "\(at) \(refId): relativeTimeRange")
                    if entry["datasourceUid"]?.string == "__expr__" {
                        let type = model?["type"]?.string ?? ""
                        #expect(["threshold", "reduce", "math", "classic_conditions"].contains(type), "\(at) \(refId): expression type \(type)")
                        if let expression = model?["expression"]?.string, type != "math" {
                            #expect(refIds.contains(expression), "\(at) \(refId): expression \(expression) is not a refId")
                        }
                        if type == "threshold" {
                            let evaluator = model?["conditions"]?.list?.first?["evaluator"]
                            #expect(["gt", "lt", "within_range", "outside_range"].contains(evaluator?["type"]?.string ?? ""), "\(at) \(refId): evaluator")
                            #expect(evaluator?["params"]?.list?.first?.string.flatMap { Double($0) } != nil, "\(at) \(refId): threshold")
                        }
                    } else {
                        sqlQueries += 1
                        #expect(entry["datasourceUid"]?.string == ProvisioningFiles.datasourceUID, "\(at) \(refId): datasourceUid")
                        #expect(model?["datasource"]?["uid"]?.string == ProvisioningFiles.datasourceUID, "\(at) \(refId): model datasource")
                        #expect(model?["format"]?.string == "table", "\(at) \(refId): alert queries return one number per row (format table)")
                        #expect(model?["rawQuery"]?.string == "true", "\(at) \(refId): rawQuery")
                        #expect(model?["rawSql"]?.string?.contains("pganalytics.") == true, "\(at) \(refId): rawSql")
                    }
                }
                #expect(sqlQueries >= 1, "\(at): no SQL query")
            }
        }
    }

    @Test("the data source: PostgreSQL, uid pganalytics, connection and TLS from environment variables")
    func datasource() throws {
        let source = try DatasourceFile.pganalytics()
        #expect(source["type"]?.string == ProvisioningFiles.datasourceType)
        #expect(source["url"]?.string == "${PGA_GRAFANA_DB_HOST}")
        #expect(source["user"]?.string == "${PGA_GRAFANA_DB_USER}")
        #expect(source["jsonData"]?["database"]?.string == "${PGA_GRAFANA_DB_NAME}")
        #expect(source["jsonData"]?["sslmode"]?.string == "${PGA_GRAFANA_DB_SSLMODE}")
        #expect(source["secureJsonData"]?["password"]?.string == "${PGA_GRAFANA_DB_PASSWORD}")
        #expect(try DatasourceFile.minimumIntervalMilliseconds() > 0)
    }

    @Test("the dashboard provider points at the folder the dashboards are in")
    func dashboardProvider() throws {
        let providers = try ProvisioningFiles.files(in: "dashboards", suffix: ".yaml").flatMap { try ProvisioningFiles.yaml($0)["providers"]?.list ?? [] }
        #expect(providers.count == 1)
        let path = providers.first?["options"]?["path"]?.string ?? ""
        #expect(path.hasSuffix("/provisioning/dashboards/pganalytics"), "\(path)")
        #expect(providers.first?["type"]?.string == "file")
        let folder = ProvisioningFiles.provisioning.appendingPathComponent("dashboards/pganalytics")
        #expect(try DashboardFile.all().allSatisfy { $0.url.deletingLastPathComponent().standardizedFileURL == folder.standardizedFileURL })
    }
}
