/// The type of a BATCH column (PROTOCOL.md table 6.3.1). Every value is in PostgreSQL's binary
/// send format for the named PostgreSQL type.
public enum ColumnType: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `boolean`, one byte `0x00` or `0x01`.
    case bool = 1
    /// `bigint`, big-endian; smaller integers are widened.
    case int8 = 2
    /// `double precision`, big-endian IEEE 754.
    case float8 = 3
    /// `timestamptz`: microseconds since 2000-01-01 UTC, big-endian.
    case timestamptz = 4
    /// `text` (and `name`, `varchar`): UTF-8 without NUL.
    case text = 5
    /// `bytea`: raw bytes.
    case bytea = 6
    /// `numeric`, PostgreSQL's binary form (see `Numeric`).
    case numeric = 7

    /// Bytes per value for fixed-width types, nil for variable-width ones.
    public var fixedWidth: Int? {
        switch self {
        case .bool: 1
        case .int8, .float8, .timestamptz: 8
        case .text, .bytea, .numeric: nil
        }
    }

    /// Whether a column of this type may be byte-shuffled (8-byte types only).
    public var isShufflable: Bool { fixedWidth == 8 }

    /// The PostgreSQL type this column is stored as.
    public var postgresName: String {
        switch self {
        case .bool: "boolean"
        case .int8: "bigint"
        case .float8: "double precision"
        case .timestamptz: "timestamptz"
        case .text: "text"
        case .bytea: "bytea"
        case .numeric: "numeric"
        }
    }

    /// The name of table 6.3.1: `bool`, `int8`, ...
    public var description: String {
        switch self {
        case .bool: "bool"
        case .int8: "int8"
        case .float8: "float8"
        case .timestamptz: "timestamptz"
        case .text: "text"
        case .bytea: "bytea"
        case .numeric: "numeric"
        }
    }
}
