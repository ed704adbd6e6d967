/// The read-only role that Grafana (or anyone querying the metrics) runs as: `pganalytics_reader`.
///
/// It may use the schema and read every table and view in it, including those created later by
/// the role that runs the migrations (default privileges). It can change nothing. Created, like
/// the ingest role, only when the migrating user is a superuser or has CREATEROLE; otherwise the
/// migration prints a notice and an administrator runs the same statements.
enum ReaderRoleSQL {
    /// The role's name.
    static let role = "pganalytics_reader"

    static let sql = """
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
            GRANT SELECT ON ALL TABLES IN SCHEMA pganalytics TO \(role);
            ALTER DEFAULT PRIVILEGES IN SCHEMA pganalytics GRANT SELECT ON TABLES TO \(role);
        END
        $role$;
        """
}
