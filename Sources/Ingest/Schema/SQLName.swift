/// Quoting of identifiers and literals for the SQL the backend generates.
public enum SQLName {
    /// The schema holding everything the backend creates.
    public static let schema = "pganalytics"

    /// `"name"`, with embedded quotes doubled.
    public static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `"pganalytics"."name"`.
    public static func qualified(_ name: String) -> String {
        quoted(schema) + "." + quoted(name)
    }

    /// `'text'`, with embedded quotes doubled (standard_conforming_strings is on since 9.1).
    public static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A PostgreSQL text array literal, `{"a","b"}`, for a `$n::text[]` parameter.
    public static func textArray(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// A PostgreSQL bigint array literal, `{1,2}`.
    public static func integerArray<T: BinaryInteger>(_ values: [T]) -> String {
        "{" + values.map { String($0) }.joined(separator: ",") + "}"
    }
}
