import WireProtocol

/// How a BATCH cell reads in a table and in JSON.
enum ValueText {
    /// Table text: `NULL`, `true`, `42`, `0.5`, ISO-8601 time, text with control characters
    /// escaped (so that a row stays on one line), bytea as PostgreSQL's `\x0a1b`, numeric as
    /// PostgreSQL prints it.
    static func table(_ value: Value) -> String {
        value.tableText(text: escapeControls)
    }

    /// JSON text: numbers for int8 and finite float8, booleans, `null`; strings for the rest
    /// (numeric as a string, so that no digit is lost to a double).
    static func json(_ value: Value) -> String {
        value.jsonText(float: { JSONObject.number($0) })
    }

    /// Whether a column's values read best right-aligned.
    static func isNumeric(_ type: ColumnType) -> Bool {
        switch type {
        case .int8, .float8, .numeric: true
        case .bool, .timestamptz, .text, .bytea: false
        }
    }

    private static func escapeControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
