import Testing

/// The expansions the live test relies on, against the outputs Grafana's PostgreSQL data source
/// documents and produces (pkg/tsdb/grafana-postgresql-datasource/macros.go, sqleng).
@Suite("Grafana macro and variable expansion")
struct GrafanaInterpolationTests {
    // 2017-04-21T05:01:17Z .. 05:06:17Z, the range of Grafana's own examples.
    static let from: Int64 = 1_492_750_877_000
    static let to: Int64 = 1_492_751_177_000
    static let interpolation = GrafanaInterpolation(range: GrafanaTimeRange(fromMilliseconds: from, toMilliseconds: to, intervalMilliseconds: 300_000))

    @Test("time macros")
    func timeMacros() throws {
        let i = Self.interpolation
        #expect(try i.expand("$__timeFilter(time)") == "time BETWEEN '2017-04-21T05:01:17Z' AND '2017-04-21T05:06:17Z'")
        #expect(try i.expand("$__timeFrom()") == "'2017-04-21T05:01:17Z'")
        #expect(try i.expand("$__timeTo()") == "'2017-04-21T05:06:17Z'")
        #expect(try i.expand("$__time(t)") == "t AS \"time\"")
        #expect(try i.expand("$__timeEpoch(t)") == "extract(epoch from t) as \"time\"")
        #expect(try i.expand("$__unixEpochFilter(ts)") == "ts >= 1492750877 AND ts <= 1492751177")
        #expect(try i.expand("$__unixEpochFrom() $__unixEpochTo()") == "1492750877 1492751177")
        #expect(try i.expand("$__unixEpochNanoFilter(ns)") == "ns >= 1492750877000000000 AND ns <= 1492751177000000000")
    }

    @Test("grouping macros and the interval")
    func grouping() throws {
        let i = Self.interpolation
        #expect(try i.expand("$__timeGroup(time,'5m')") == "floor(extract(epoch from time)/300)*300")
        #expect(try i.expand("$__timeGroupAlias(time, $__interval)") == "floor(extract(epoch from time)/300)*300 AS \"time\"")
        // Directly followed by a comma, $__timeGroup gets the alias (Grafana's pre-5.3 rule).
        #expect(try i.expand("SELECT $__timeGroup(time, 1m), x") == "SELECT floor(extract(epoch from time)/60)*60 AS \"time\", x")
        #expect(try i.expand("$__timeGroup(time, 500ms)") == "floor(extract(epoch from time)/0.5)*0.5")
        #expect(try i.expand("$__unixEpochGroupAlias(ts, 1h)") == "floor((ts)/3600)*3600 AS \"time\"")
        #expect(try i.expand("$__interval $__interval_ms") == "5m 300000")
        #expect(throws: GrafanaInterpolationError.self) { try i.expand("$__timeGroup(time)") }
        #expect(throws: GrafanaInterpolationError.self) { try i.expand("$__noSuchMacro(x)") }
    }

    @Test("the interval Grafana computes: range over data points, rounded, at least the data source's minimum")
    func interval() {
        let hour = GrafanaTimeRange(fromMilliseconds: 0, toMilliseconds: 3_600_000, minimumIntervalMilliseconds: 1000)
        #expect(hour.intervalText == "5s")  // 3.6 s per point rounds to 5 s
        let sixHours = GrafanaTimeRange(fromMilliseconds: 0, toMilliseconds: 6 * 3_600_000, minimumIntervalMilliseconds: 60_000)
        #expect(sixHours.intervalText == "1m")
        let week = GrafanaTimeRange(fromMilliseconds: 0, toMilliseconds: 7 * 86_400_000, minimumIntervalMilliseconds: 60_000)
        #expect(week.intervalText == "10m")
        #expect(GrafanaDuration.parse("1m") == 60_000 && GrafanaDuration.parse("250ms") == 250 && GrafanaDuration.parse("x") == nil)
    }

    @Test("variables: single values as is, multi-value and All as quoted lists, formats, unknown ones refused")
    func variables() throws {
        var i = Self.interpolation
        i.variables = ["collector": .single("db-1"), "database": .multiple(["app", "o'hara"]), "queryid": .single("-42")]
        #expect(try i.expand("collector_id = '$collector'") == "collector_id = 'db-1'")
        #expect(try i.expand("datname IN ($database)") == "datname IN ('app','o''hara')")
        #expect(try i.expand("queryid = ${queryid} AND x = [[collector]]") == "queryid = -42 AND x = db-1")
        #expect(try i.expand("${collector:sqlstring} ${database:csv}") == "'db-1' app,o'hara")
        #expect(throws: GrafanaInterpolationError.self) { try i.expand("WHERE x = $nosuch") }
        #expect(throws: GrafanaInterpolationError.self) { try i.expand("${collector:json}") }
    }
}

@Suite("The YAML subset of the provisioning files")
struct YAMLSubsetTests {
    @Test("mappings, sequences, block scalars, quoted and flow scalars")
    func parses() throws {
        let value = try YAMLSubset.parse("""
            # comment
            apiVersion: 1
            groups:
              - name: g   # trailing comment
                rules:
                  - uid: 'a''b'
                    sql: |
                      SELECT 1
                        FROM t
                    note: "x \\"y\\""
                    params: [1, 2]
                    empty: []
            list:
            - a
            - b
            """)
        #expect(value["apiVersion"]?.string == "1")
        let rule = value["groups"]?.list?.first?["rules"]?.list?.first
        #expect(value["groups"]?.list?.first?["name"]?.string == "g")
        #expect(rule?["uid"]?.string == "a'b")
        #expect(rule?["sql"]?.string == "SELECT 1\n  FROM t\n")
        #expect(rule?["note"]?.string == "x \"y\"")
        #expect(rule?["params"] == .list([.scalar("1"), .scalar("2")]))
        #expect(rule?["empty"] == .list([]))
        #expect(value["list"] == .list([.scalar("a"), .scalar("b")]))
    }

    @Test("what is outside the subset is an error that names the line")
    func refuses() {
        for (text, line) in [("a: 1\na: 2", 2), ("a: &x 1", 1), ("a:\n\tb: 1", 2), ("a: {b: 1}", 1), ("- a\nb: 1", 2)] {
            #expect {
                _ = try YAMLSubset.parse(text)
            } throws: { error in
                (error as? YAMLSubsetError)?.line == line
            }
        }
    }
}
