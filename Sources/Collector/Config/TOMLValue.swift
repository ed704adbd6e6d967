/// One value of a TOML document, with the line it starts on so that errors can name it.
public struct TOMLValue: Hashable, Sendable {
    /// What the value holds.
    public enum Kind: Hashable, Sendable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        /// An offset date-time, local date-time, local date or local time, kept as written.
        case datetime(String)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var kind: Kind
    /// 1-based line of the value's first character in the document.
    public var line: Int

    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// The TOML type name used in error messages ("string", "integer", ...).
    public var typeName: String {
        switch kind {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .datetime: "date-time"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// A TOML table: keys in document order, each with its value.
public struct TOMLTable: Hashable, Sendable {
    /// Keys in the order they were first defined.
    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    public init() {}

    /// The value under `key`, if any.
    public subscript(key: String) -> TOMLValue? { values[key] }

    /// Every key with its value, in document order.
    public var entries: [(key: String, value: TOMLValue)] { keys.map { ($0, values[$0]!) } }

    /// Sets `key`, keeping its first position when it already exists.
    public mutating func set(_ key: String, _ value: TOMLValue) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    public var isEmpty: Bool { keys.isEmpty }
}
