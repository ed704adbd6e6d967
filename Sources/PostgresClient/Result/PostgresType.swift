import WireProtocol

/// The PostgreSQL types a result column may have, by type OID, and the wire type each becomes.
///
/// Everything else (`interval`, `inet`, `pg_lsn`, `regclass`, arrays, ...) is refused with
/// `unsupportedType`: cast it in the SQL (`::text`, `::float8`, `pg_wal_lsn_diff(...)::numeric`),
/// which keeps each family's wire types explicit.
public enum PostgresType: UInt32, Sendable, CaseIterable {
    case bool = 16
    case bytea = 17
    case char = 18
    case name = 19
    case int8 = 20
    case int2 = 21
    case int4 = 23
    case text = 25
    case oid = 26
    case xid = 28
    case float4 = 700
    case float8 = 701
    case unknown = 705
    case bpchar = 1042
    case varchar = 1043
    case timestamp = 1114
    case timestamptz = 1184
    case numeric = 1700
    case xid8 = 5069

    /// The wire type values of this PostgreSQL type are sent as (PROTOCOL.md table 6.3.1).
    public var columnType: ColumnType {
        switch self {
        case .bool: .bool
        case .int2, .int4, .int8, .oid, .xid, .xid8: .int8
        case .float4, .float8: .float8
        case .numeric: .numeric
        case .timestamp, .timestamptz: .timestamptz
        case .text, .name, .varchar, .bpchar, .char, .unknown: .text
        case .bytea: .bytea
        }
    }
}
