/// The DDL of the family tables: one range-partitioned table per family, leading with
/// `time timestamptz NOT NULL, collector_id text NOT NULL`, with an index on
/// `(collector_id, time)` that every partition inherits.
enum FamilyTablesSQL {
    static func create(_ family: FamilyDefinition) -> String {
        let columns = ["    \"time\" timestamptz NOT NULL", "    collector_id text NOT NULL"]
            + family.columns.map { "    \(SQLName.quoted($0.name)) \($0.postgresType)" }
        return """
            CREATE TABLE \(family.qualifiedTable) (
            \(columns.joined(separator: ",\n"))
            ) PARTITION BY RANGE ("time");
            CREATE INDEX \(SQLName.quoted(family.name + "_collector_time_idx")) ON \(family.qualifiedTable) (collector_id, "time");
            """
    }

    static func create(_ catalog: FamilyCatalog) -> String {
        catalog.families.map(create).joined(separator: "\n")
    }
}
