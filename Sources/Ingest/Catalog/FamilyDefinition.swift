/// A metric family as the backend stores it: the table `pganalytics.<name>`, leading with
/// `time timestamptz NOT NULL, collector_id text NOT NULL`, then `columns` in this order.
public struct FamilyDefinition: Hashable, Sendable {
    /// The family name on the wire, which is also the table name.
    public var name: String
    /// The family's own columns, without `time` and `collector_id`.
    public var columns: [FamilyColumn]

    public init(_ name: String, _ columns: [FamilyColumn]) {
        precondition(Set(columns.map(\.name)).count == columns.count, "family \(name) names a column twice")
        precondition(!columns.contains { $0.name == "time" || $0.name == "collector_id" }, "family \(name) redefines a leading column")
        self.name = name
        self.columns = columns
    }

    /// The column named `name`.
    public func column(named name: String) -> FamilyColumn? {
        columns.first { $0.name == name }
    }

    /// The columns that identify a row within one collector (for the rate views).
    public var identityColumns: [FamilyColumn] { columns.filter { $0.kind == .identity } }

    /// The columns whose change means the counters were reset.
    public var resetMarkerColumns: [FamilyColumn] { columns.filter { $0.kind == .resetMarker } }

    /// The columns holding cumulative counters.
    public var counterColumns: [FamilyColumn] { columns.filter { $0.kind == .counter } }

    /// `"pganalytics"."<name>"`.
    public var qualifiedTable: String { SQLName.qualified(name) }
}
