import WireProtocol

/// One column of a family table: its name (the wire column name) and wire type, which fixes the
/// PostgreSQL type it is stored as (`ColumnType.postgresName`).
public struct FamilyColumn: Hashable, Sendable {
    /// How a column's values behave over time, which decides what the rate views do with it.
    public enum Kind: Hashable, Sendable {
        /// A label or a gauge: stored and shown as is.
        case plain
        /// A cumulative counter: the rate views turn it into a per-second rate.
        case counter
        /// Part of the identity of a row within one collector (a database, a device, a query):
        /// the rate views compare each row with the previous row of the same identity.
        case identity
        /// A value that changes when the counters were reset (`stats_reset`, a process id): a
        /// change counts every counter of the row from zero.
        case resetMarker
    }

    public var name: String
    public var type: ColumnType
    public var kind: Kind

    public init(_ name: String, _ type: ColumnType, _ kind: Kind = .plain) {
        self.name = name
        self.type = type
        self.kind = kind
    }

    /// The PostgreSQL type the column is declared with.
    public var postgresType: String { type.postgresName }
}
