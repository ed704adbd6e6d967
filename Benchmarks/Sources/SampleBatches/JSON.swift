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
        return switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int8(let i): String(i)
        case .float8(let d): "\(d)"
        case .timestamptz(let t): "\"\(timestamp(t))\""
        case .text(let s): quoted(s)
        case .bytea(let bytes): "\"\\\\x" + bytes.map { hex($0) }.joined() + "\""
        case .numeric(let n): n.description
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u00" + hex(UInt8(scalar.value))
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `2026-11-25T12:00:00.000000Z` from microseconds since 2000-01-01 UTC.
    public static func timestamp(_ micros: Int64) -> String {
        let perDay = SampleTime.microsecondsPerDay
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 { rest += perDay; days -= 1 }
        // Days since 1970-01-01, then Howard Hinnant's civil_from_days.
        let z = days + 10_957 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let seconds = rest / 1_000_000
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(rest % 1_000_000, 6))Z"
    }
}
