/// How BATCH values read as text: in a table cell and as a JSON literal. Each caller picks what
/// differs between outputs (NULL's spelling, float digits, escaping of text); the rest is shared.
extension Value {
    /// A table cell: `true`/`false`, decimal integers, timestamps in ISO 8601 (fraction only when
    /// non-zero), bytea as PostgreSQL's `\x0a1b`, numeric as PostgreSQL prints it.
    /// - Parameters:
    ///   - null: what NULL reads as.
    ///   - float: float8 digits; by default the shortest round-trip form (`0.5`, `42.0`, `nan`).
    ///   - text: text as shown; by default as is.
    public func tableText(
        null: String = "NULL",
        float: (Double) -> String = { Value.float8Text($0, integralAsInteger: false) },
        text: (String) -> String = { $0 }
    ) -> String {
        switch self {
        case .null: null
        case .bool(let flag): flag ? "true" : "false"
        case .int8(let number): String(number)
        case .float8(let number): float(number)
        case .timestamptz(let micros): PostgresTime.iso8601(micros)
        case .text(let string): text(string)
        case .bytea(let bytes): Value.byteaText(bytes)
        case .numeric(let number): number.description
        }
    }

    /// A JSON literal: `null`, `true`/`false`, int8 as a number, text, timestamps (ISO 8601) and
    /// bytea (`\x` hex) as strings.
    /// - Parameters:
    ///   - float: float8 as JSON; by default `JSONText.number` with its defaults.
    ///   - timestampFraction: when timestamps carry microseconds.
    ///   - numericAsString: numeric as a JSON string (no digit lost to a reader's double) or bare.
    public func jsonText(
        float: (Double) -> String = { JSONText.number($0) },
        timestampFraction: PostgresTime.Fraction = .whenNonZero,
        numericAsString: Bool = true
    ) -> String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int8(let number): String(number)
        case .float8(let number): float(number)
        case .timestamptz(let micros): JSONText.quote(PostgresTime.iso8601(micros, fraction: timestampFraction))
        case .text(let string): JSONText.quote(string)
        case .bytea(let bytes): JSONText.quote(Value.byteaText(bytes))
        case .numeric(let number): numericAsString ? JSONText.quote(number.description) : number.description
        }
    }

    /// bytea as PostgreSQL's hex output: `\x` and two lowercase hex digits a byte.
    public static func byteaText(_ bytes: [UInt8]) -> String {
        "\\x" + hexDigits(bytes)
    }

    /// A float8's digits: the shortest form that reads back to the same double (`0.5`, `1e+20`,
    /// `42.0`, `nan`, `inf`), or, with `integralAsInteger`, a finite integral value below 10^15 in
    /// magnitude without a fraction (`42`).
    public static func float8Text(_ value: Double, integralAsInteger: Bool) -> String {
        if integralAsInteger, value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Two lowercase hex digits for each byte.
    public static func hexDigits(_ bytes: [UInt8]) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}
