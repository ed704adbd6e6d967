import WireProtocol

/// One JSON object, built field by field in a fixed order and printed on one line (JSON lines,
/// for jq). Keys keep the order they were added in, so output is stable for diffs and tests.
struct JSONObject {
    private var fields: [String] = []

    /// An object whose first field is `"type"`, which says what the line describes.
    init(type: String) { add("type", type) }

    /// An object without a type, for nested values.
    init() {}

    mutating func add(_ key: String, _ value: String) { fields.append(Self.quote(key) + ":" + Self.quote(value)) }
    mutating func add(_ key: String, _ value: Int64) { fields.append(Self.quote(key) + ":" + String(value)) }
    mutating func add(_ key: String, _ value: UInt64) { fields.append(Self.quote(key) + ":" + String(value)) }
    mutating func add(_ key: String, _ value: Int) { fields.append(Self.quote(key) + ":" + String(value)) }
    mutating func add(_ key: String, _ value: Bool) { fields.append(Self.quote(key) + ":" + (value ? "true" : "false")) }
    mutating func add(_ key: String, _ value: Double) { fields.append(Self.quote(key) + ":" + Self.number(value)) }
    mutating func addNull(_ key: String) { fields.append(Self.quote(key) + ":null") }
    /// Adds `value` as is: it must already be JSON text (an object, array or literal).
    mutating func add(_ key: String, json value: String) { fields.append(Self.quote(key) + ":" + value) }
    /// Adds a value when present, `null` otherwise.
    mutating func add(_ key: String, _ value: String?) { if let value { add(key, value) } else { addNull(key) } }
    mutating func add(_ key: String, _ value: UInt64?) { if let value { add(key, value) } else { addNull(key) } }

    /// The object as one line of text.
    var text: String { "{" + fields.joined(separator: ",") + "}" }

    /// A finite number as JSON (integral values below 10^15 without a fraction); NaN and the
    /// infinities have no JSON form and become the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    static func number(_ value: Double) -> String { JSONText.number(value) }

    /// A JSON string literal.
    static func quote(_ text: String) -> String { JSONText.quote(text) }
}
