/// One value of a BATCH cell, for building batches and for reading single values.
///
/// Decoding never converts a whole batch into values: `Batch` keeps the payload bytes and yields
/// a `Value` only when asked. `float8` compares by bit pattern, so NaN equals itself and a batch
/// round-trips equal.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int8(Int64)
    case float8(Double)
    /// Microseconds since 2000-01-01 00:00:00 UTC.
    case timestamptz(Int64)
    case text(String)
    case bytea([UInt8])
    case numeric(Numeric)

    /// Whether this value can be stored in a column of `type` (NULL fits every column).
    public func fits(_ type: ColumnType) -> Bool {
        switch (self, type) {
        case (.null, _), (.bool, .bool), (.int8, .int8), (.float8, .float8), (.timestamptz, .timestamptz),
             (.text, .text), (.bytea, .bytea), (.numeric, .numeric):
            true
        default:
            false
        }
    }

    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int8(a), .int8(b)): a == b
        case let (.float8(a), .float8(b)): a.bitPattern == b.bitPattern
        case let (.timestamptz(a), .timestamptz(b)): a == b
        case let (.text(a), .text(b)): a == b
        case let (.bytea(a), .bytea(b)): a == b
        case let (.numeric(a), .numeric(b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(1); hasher.combine(value)
        case .int8(let value): hasher.combine(2); hasher.combine(value)
        case .float8(let value): hasher.combine(3); hasher.combine(value.bitPattern)
        case .timestamptz(let value): hasher.combine(4); hasher.combine(value)
        case .text(let value): hasher.combine(5); hasher.combine(value)
        case .bytea(let value): hasher.combine(6); hasher.combine(value)
        case .numeric(let value): hasher.combine(7); hasher.combine(value)
        }
    }
}
