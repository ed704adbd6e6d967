import PostgresClient
import WireProtocol

/// What one expanded query returned.
struct QueryOutcome: Sendable {
    /// Result columns and their PostgreSQL types (`format_type`).
    var columns: [(name: String, type: String)]
    var rows: Int
    /// Rows with at least one non-NULL number (for time series: points Grafana can draw).
    var rowsWithValues: Int
    /// The result's first column, as text, for template variables (`__value` when present).
    var values: [String]
    /// For results with a `collector` column: the last numeric column per collector (the
    /// largest when a collector has several rows), as an alert rule sees it.
    var numberByCollector: [String: Double] = [:]
}

/// Runs expanded Grafana SQL on the metrics database, whatever the types of its columns: each
/// query becomes a temporary view (which also proves it is one valid SELECT), whose columns
/// come from the catalog and whose rows are counted.
struct QueryRunner {
    let connection: PostgresConnection

    static let numericTypes: Set<String> = ["smallint", "integer", "bigint", "numeric", "real", "double precision"]

    func run(_ sql: String, wantValues: Bool = false) throws(PostgresError) -> QueryOutcome {
        let view = "pg_temp.grafana_query"
        try connection.execute("DROP VIEW IF EXISTS \(view)")
        defer { try? connection.execute("DROP VIEW IF EXISTS \(view)") }
        try connection.execute("CREATE TEMPORARY VIEW grafana_query AS\n" + sql.trimmingTrailingSemicolons() + "\n")
        let described = try connection.query("""
            SELECT attname::text, format_type(atttypid, atttypmod)
            FROM pg_attribute WHERE attrelid = '\(view)'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """)
        let columns = described.rows.map { row -> (String, String) in
            (Self.text(row[0]) ?? "?", Self.text(row[1]) ?? "?")
        }
        let numbers = columns.filter { Self.numericTypes.contains($0.1) && $0.0 != "time" }.map { "\"\($0.0)\"::double precision" }
        let valued = numbers.isEmpty ? "0" : "count(*) FILTER (WHERE coalesce(\(numbers.joined(separator: ", "))) IS NOT NULL)"
        let counted = try connection.query("SELECT count(*), \(valued) FROM \(view)")
        var values: [String] = []
        if wantValues, let first = columns.first {
            let column = columns.contains { $0.0 == "__value" } ? "__value" : first.0
            values = try connection.query("SELECT \"\(column)\"::text FROM \(view)").rows.compactMap { Self.text($0[0]) }
        }
        var numberByCollector: [String: Double] = [:]
        if columns.contains(where: { $0.0 == "collector" }), let number = columns.last(where: { Self.numericTypes.contains($0.1) }) {
            let rows = try connection.query("SELECT collector::text, max(\"\(number.0)\")::double precision FROM \(view) GROUP BY 1").rows
            for row in rows {
                guard let collector = Self.text(row[0]), case .float8(let value) = row[1] else { continue }
                numberByCollector[collector] = value
            }
        }
        return QueryOutcome(columns: columns, rows: Int(Self.integer(counted.rows[0][0]) ?? 0),
                            rowsWithValues: Int(Self.integer(counted.rows[0][1]) ?? 0), values: values,
                            numberByCollector: numberByCollector)
    }

    /// Whether `relation` (a family table, a rate view or `collectors`) holds rows of `collector`
    /// between `from` and `to` (RFC 3339), that is, whether a panel reading it has data to show.
    /// A rate view has data once a series has two samples (a rate over an interval).
    func hasData(relation: String, collector: String?, from: String, to: String) throws(PostgresError) -> Bool {
        let sql: String
        var params: [String?] = []
        let rated = relation.hasSuffix("_rates") ? " AND interval_seconds IS NOT NULL" : ""
        if relation == "collectors" {
            sql = "SELECT EXISTS (SELECT 1 FROM pganalytics.collectors)"
        } else if let collector {
            sql = "SELECT EXISTS (SELECT 1 FROM pganalytics.\(relation) WHERE collector_id = $1 AND time BETWEEN $2 AND $3\(rated))"
            params = [collector, from, to]
        } else {
            sql = "SELECT EXISTS (SELECT 1 FROM pganalytics.\(relation) WHERE time BETWEEN $1 AND $2\(rated))"
            params = [from, to]
        }
        let result = try connection.query(sql, params: params)
        if case .bool(let exists) = result.rows[0][0] { return exists }
        return false
    }

    static func text(_ value: Value) -> String? {
        switch value {
        case .text(let text): text
        case .int8(let number): String(number)
        case .null: nil
        default: "\(value)"
        }
    }

    static func integer(_ value: Value) -> Int64? {
        if case .int8(let number) = value { return number }
        return nil
    }
}

extension String {
    func trimmingTrailingSemicolons() -> String {
        var text = Substring(self)
        while let last = text.last, last == ";" || last == " " || last == "\n" { text = text.dropLast() }
        return String(text)
    }
}
