import WireProtocol

/// How values are shown by `--dry-run`: as table cells and as JSON (the shared formatting lives in
/// WireProtocol's `Value+Text`, `JSONText` and `PostgresTime`).
public enum ValueText {
    /// A table cell: NULL as empty, integral floats without a fraction, timestamps in ISO 8601,
    /// bytea as `\x` hex.
    public static func cell(_ value: Value) -> String {
        value.tableText(null: "", float: { Value.float8Text($0, integralAsInteger: true) })
    }

    /// A JSON value: numbers stay numbers (non-finite floats become strings), NULL is `null`.
    public static func json(_ value: Value) -> String {
        value.jsonText(float: { JSONText.number($0, integralAsInteger: false, nonFinite: .swiftNames) })
    }

    /// A JSON string literal.
    public static func jsonString(_ text: String) -> String {
        JSONText.quote(text)
    }

    /// `2026-11-03T10:20:30.123456Z` for microseconds since 2000-01-01 UTC.
    public static func iso8601(microsSince2000 micros: Int64) -> String {
        PostgresTime.iso8601(micros)
    }
}
