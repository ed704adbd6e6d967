/// The rate views: for every family with cumulative counters, `pganalytics.<family>_rates`
/// turns each counter into a per-second rate over the interval since the previous sample of
/// the same collector and identity (`lag() OVER (PARTITION BY collector_id, <identity> ORDER
/// BY time)`).
///
/// A counter that fell (a restart, a wrap), or whose row's reset markers (`stats_reset`, a
/// process id) changed, is counted from zero: the interval's increase is its new value
/// (`pganalytics.counter_delta`). The first sample of each series has NULL rates.
enum RateViewsSQL {
    /// The view's name for `family`.
    static func viewName(_ family: FamilyDefinition) -> String { family.name + "_rates" }

    static func create(_ family: FamilyDefinition) -> String? {
        guard !family.counterColumns.isEmpty else { return nil }
        let identity = family.identityColumns.map { SQLName.quoted($0.name) }
        let partition = (["collector_id"] + identity).joined(separator: ", ")
        let markers = family.resetMarkerColumns.map { SQLName.quoted($0.name) }
        let reset = markers.isEmpty ? "false"
            : "(" + markers.map { "\($0) IS DISTINCT FROM lag(\($0)) OVER w" }.joined(separator: " OR ") + ")"
        let shown = family.columns.filter { $0.kind == .plain || $0.kind == .resetMarker }.map { SQLName.quoted($0.name) }
        let rates = family.counterColumns.map { column -> String in
            let name = SQLName.quoted(column.name)
            return "    pganalytics.counter_delta(\(name), lag(\(name)) OVER w, \(reset))::double precision\n"
                + "        / nullif(extract(epoch FROM \"time\" - lag(\"time\") OVER w), 0)::double precision AS \(SQLName.quoted(column.name + "_per_second"))"
        }
        let leading = ["    \"time\"", "    collector_id"] + identity.map { "    " + $0 } + shown.map { "    " + $0 }
            + ["    extract(epoch FROM \"time\" - lag(\"time\") OVER w)::double precision AS interval_seconds"]
            + (markers.isEmpty ? [] : ["    coalesce(lag(\"time\") OVER w IS NOT NULL AND \(reset), false) AS was_reset"])
        return """
            CREATE VIEW \(SQLName.qualified(viewName(family))) AS
            SELECT
            \((leading + rates).joined(separator: ",\n"))
            FROM \(family.qualifiedTable)
            WINDOW w AS (PARTITION BY \(partition) ORDER BY "time");
            COMMENT ON VIEW \(SQLName.qualified(viewName(family))) IS 'Per-second rates of the cumulative counters of \(family.name); resets count from zero';
            """
    }

    static func create(_ catalog: FamilyCatalog) -> String {
        catalog.families.compactMap(create).joined(separator: "\n")
    }
}
