import PostgresClient

extension IngestWriter {
    /// Runs the session as `pganalytics_ingest` when it can, and returns the role it runs as
    /// (`current_user`).
    ///
    /// The backend logs in as the schema's owner, because migrations and partition maintenance
    /// need it; the writers, which handle what collectors send, then drop to the ingest role
    /// (insert into the family tables, update the collectors' bookkeeping, nothing else). The
    /// session keeps the login role when the ingest role does not exist, when the login role may
    /// not `SET ROLE` to it, or when this database has not granted it what the writers need
    /// (the role was created after the migration that grants it ran): the caller reports that.
    public static func assumeIngestRole(_ connection: PostgresConnection) throws(PostgresError) -> String {
        try connection.execute(assumeIngestRoleSQL)
        let result = try connection.query("SELECT current_user::text")
        guard case .text(let role)? = result.rows.first?.first else {
            throw PostgresError(.queryFailed, "SELECT current_user returned no role")
        }
        return role
    }

    /// A writer connection: durable commits (`durableConnection`), run as the ingest role when
    /// possible (`assumeIngestRole`). `report` receives the role the session runs as.
    public static func ingestConnection(_ parameters: ConnectionParameters,
                                        report: (String) -> Void = { _ in }) throws(PostgresError) -> PostgresConnection {
        let connection = try durableConnection(parameters)
        do throws(PostgresError) {
            report(try assumeIngestRole(connection))
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    // A privilege check on an object the role cannot see (or that an unmigrated database lacks)
    // raises instead of returning false: either way the login role is kept.
    private static let assumeIngestRoleSQL = """
        DO $assume$
        BEGIN
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = '\(IngestRoleSQL.role)') THEN
                BEGIN
                    SET ROLE \(IngestRoleSQL.role);
                EXCEPTION WHEN insufficient_privilege THEN
                    RETURN;
                END;
                BEGIN
                    IF NOT (has_schema_privilege('pganalytics', 'USAGE')
                            AND has_column_privilege('pganalytics.collectors', 'lost_records', 'UPDATE')) THEN
                        RESET ROLE;
                    END IF;
                EXCEPTION WHEN insufficient_privilege OR invalid_schema_name OR undefined_table OR undefined_column THEN
                    RESET ROLE;
                END;
            END IF;
        END
        $assume$
        """
}
