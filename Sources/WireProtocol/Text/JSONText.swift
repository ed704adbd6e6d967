/// JSON text for people and tools: string literals and numbers, written by hand so that output
/// is compact, stable and free of Foundation.
public enum JSONText {
    /// What a number that JSON cannot carry (NaN, ±infinity) becomes: always a JSON string.
    public enum NonFinite: Sendable {
        /// `"NaN"`, `"Infinity"`, `"-Infinity"`, as JavaScript spells them.
        case javaScriptNames
        /// `"nan"`, `"inf"`, `"-inf"`, as Swift prints them.
        case swiftNames
    }

    /// A JSON string literal for `text`: quotes and backslashes escaped, `\n`, `\r`, `\t` by name,
    /// other control characters below U+0020 as `\u00XX` (lowercase hex); everything else as is.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u00" + Value.hexDigits([UInt8(scalar.value)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `value` as a JSON number: the shortest digits that read back to the same double (`0.5`,
    /// `1e+20`, `42.0`), or, with `integralAsInteger`, an integral value below 10^15 in magnitude
    /// without a fraction (`42`). NaN and the infinities have no JSON form and become strings,
    /// spelt as `nonFinite` says.
    public static func number(_ value: Double, integralAsInteger: Bool = true, nonFinite: NonFinite = .javaScriptNames) -> String {
        guard value.isFinite else {
            switch nonFinite {
            case .javaScriptNames: return quote(value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity"))
            case .swiftNames: return quote(String(value))
            }
        }
        return Value.float8Text(value, integralAsInteger: integralAsInteger)
    }
}
