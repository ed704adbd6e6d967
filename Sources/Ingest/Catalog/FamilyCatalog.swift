/// The families the backend stores, by name. A BATCH of a family not in the catalog is answered
/// with `unknown_family` (PROTOCOL.md section 8) and not stored.
///
/// The catalog is the single description of the family tables: the migrations create them from
/// it and the writers map BATCH columns to table columns with it. Adding a family or a column
/// means adding it here and adding a migration that creates or alters the table (the schema
/// tests check that the migrated database matches the catalog).
public struct FamilyCatalog: Sendable {
    /// The families, in the order their tables are created.
    public let families: [FamilyDefinition]
    private let byName: [String: Int]

    public init(_ families: [FamilyDefinition]) {
        self.families = families
        var byName: [String: Int] = [:]
        for (index, family) in families.enumerated() {
            precondition(byName.updateValue(index, forKey: family.name) == nil, "family \(family.name) is defined twice")
        }
        self.byName = byName
    }

    /// The family named `name`, nil when the backend does not store it.
    public subscript(name: String) -> FamilyDefinition? {
        byName[name].map { families[$0] }
    }

    /// Every family name.
    public var names: [String] { families.map(\.name) }

    /// This catalog with `extra` families added (or replaced, by name); for deployments and
    /// tests with tables of their own.
    public func adding(_ extra: [FamilyDefinition]) -> FamilyCatalog {
        let replaced = Set(extra.map(\.name))
        return FamilyCatalog(families.filter { !replaced.contains($0.name) } + extra)
    }
}
