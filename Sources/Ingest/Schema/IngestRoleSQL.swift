/// The least-privilege role the ingest writers run as: `pganalytics_ingest`.
///
/// It may use the schema, insert (and so `COPY FROM`) into the family tables, read the
/// collectors and update only their bookkeeping columns. It owns nothing and may create nothing.
/// Roles are cluster-wide: the role is created once (by whichever migrator runs first, when it
/// is a superuser or has CREATEROLE); without those rights the migration only prints a notice
/// and grants nothing, and an administrator creates the role and re-runs the grants.
enum IngestRoleSQL {
    /// The role's name.
    static let role = "pganalytics_ingest"

    /// Collector columns the writers update.
    static let updatableCollectorColumns = ["committed_sequence", "samples_received", "last_seen", "status",
                                            "dropped_records", "dropped_samples", "software"]

    static func sql(catalog: FamilyCatalog) -> String {
        let tables = catalog.families.map(\.qualifiedTable).joined(separator: ", ")
        let columns = updatableCollectorColumns.joined(separator: ", ")
        return """
            DO $role$
            DECLARE
                may_create boolean;
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN
                    SELECT rolsuper OR rolcreaterole INTO may_create FROM pg_roles WHERE rolname = current_user;
                    IF NOT may_create THEN
                        RAISE NOTICE 'role \(role) not created: % is neither superuser nor CREATEROLE; create it and grant it as docs/schema.md says', current_user;
                        RETURN;
                    END IF;
                    BEGIN
                        CREATE ROLE \(role) NOLOGIN;
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN
                        NULL;  -- another database's migrator created it at the same moment
                    END;
                END IF;
                GRANT USAGE ON SCHEMA pganalytics TO \(role);
                GRANT SELECT ON pganalytics.schema_migrations TO \(role);
                GRANT INSERT ON \(tables) TO \(role);
                GRANT SELECT, UPDATE (\(columns)) ON pganalytics.collectors TO \(role);
            END
            $role$;
            """
    }
}
