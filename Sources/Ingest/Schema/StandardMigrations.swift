/// The backend's migrations, in order. Append new ones; never edit one that was released.
public enum StandardMigrations {
    /// Every migration for `catalog` (the standard catalog unless a deployment or a test adds
    /// families of its own).
    public static func all(catalog: FamilyCatalog = .standard) -> [Migration] {
        [
            Migration(version: 1, name: "collectors and helper functions", sql: CollectorsTableSQL.sql),
            Migration(version: 2, name: "family tables", sql: FamilyTablesSQL.create(catalog)),
            Migration(version: 3, name: "rate views", sql: RateViewsSQL.create(catalog)),
            Migration(version: 4, name: "ingest role", sql: IngestRoleSQL.sql(catalog: catalog)),
            Migration(version: 5, name: "reader role", sql: ReaderRoleSQL.sql),
            Migration(version: 6, name: "collectors: spool position", sql: SpoolPositionSQL.sql),
            Migration(version: 7, name: "lost records", sql: LostRecordsSQL.sql),
            Migration(version: 8, name: "ingest role membership", sql: IngestRoleMembershipSQL.sql),
        ]
    }
}
