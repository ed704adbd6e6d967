import WireProtocol

/// How values are shown by `--dry-run`: as table cells and as JSON.
public enum ValueText {
    /// A table cell: NULL as empty, timestamps in ISO 8601, bytea as `\x` hex.
    public static func cell(_ value: Value) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .int8(let number): String(number)
        case .float8(let number): number.isFinite && number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .timestamptz(let micros): iso8601(microsSince2000: micros)
        case .text(let text): text
        case .bytea(let bytes): "\\x" + hex(bytes)
        case .numeric(let number): number.description
        }
    }

    /// A JSON value: numbers stay numbers (non-finite floats become strings), NULL is `null`.
    public static func json(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int8(let number): String(number)
        case .float8(let number): number.isFinite ? String(number) : jsonString(String(number))
        case .timestamptz(let micros): jsonString(iso8601(microsSince2000: micros))
        case .text(let text): jsonString(text)
        case .bytea(let bytes): jsonString("\\x" + hex(bytes))
        case .numeric(let number): jsonString(number.description)
        }
    }

    /// A JSON string literal.
    public static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u00" + hex([UInt8(scalar.value)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `2026-11-03T10:20:30.123456Z` for microseconds since 2000-01-01 UTC.
    public static func iso8601(microsSince2000 micros: Int64) -> String {
        let unix = micros + SampleTime.unixEpochOffsetMicros
        let seconds = unix >= 0 ? unix / 1_000_000 : (unix - 999_999) / 1_000_000
        let fraction = unix - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's days-to-civil algorithm.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var out = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if fraction != 0 { out += "." + pad(fraction, 6) }
        return out + "Z"
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return out
    }
}
