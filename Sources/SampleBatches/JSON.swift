import WireProtocol

/// The JSON the previous design POSTed for the same samples: an array with one object per row,
/// `{"type":"<family>","timestamp":"2026-11-25T12:00:00.000000Z","<column>":value,...}`, compact
/// (no whitespace), numbers as JSON numbers (doubles in their shortest round-trip form, as Go,
/// Python and PostgreSQL's `row_to_json` print them), NULL as null, timestamps as RFC 3339
/// strings with microseconds.
public enum OldJSON {
    public static func encode(family: String, sampledAt: Int64, columns: [ColumnDescriptor], rows: [[Value]]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(rows.count * columns.count * 24)
        out.append(UInt8(ascii: "["))
        let prefix = Array("{\"type\":\(quoted(family)),\"timestamp\":\"\(timestamp(sampledAt))\"".utf8)
        let keys = columns.map { Array(",\(quoted($0.name)):".utf8) }
        for (index, row) in rows.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: prefix)
            for (column, value) in row.enumerated() {
                out.append(contentsOf: keys[column])
                out.append(contentsOf: literal(value).utf8)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    static func literal(_ value: Value) -> String {
        if case .float8(let d) = value {
            // Shortest round-trip digits; JSON has no NaN or infinities (none occur in the samples).
            precondition(d.isFinite, "JSON cannot carry \(d)")
        }
        // Numeric bare, as row_to_json prints it; timestamps always with microseconds.
        return value.jsonText(float: { JSONText.number($0, integralAsInteger: false) }, timestampFraction: .always,
                              numericAsString: false)
    }

    static func quoted(_ s: String) -> String {
        JSONText.quote(s)
    }

    /// `2026-11-25T12:00:00.000000Z` from microseconds since 2000-01-01 UTC.
    public static func timestamp(_ micros: Int64) -> String {
        PostgresTime.iso8601(micros, fraction: .always)
    }
}
