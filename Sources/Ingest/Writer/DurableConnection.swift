import PostgresClient

extension IngestWriter {
    /// Connects for writing and makes commits durable before they return.
    ///
    /// The backend acknowledges a record once its COMMIT returns, and the collector then deletes
    /// it from its spool. With `synchronous_commit = off` a COMMIT returns before its WAL is on
    /// disk, so a database crash could lose acknowledged records for good; the session turns it
    /// back on in that case and leaves every stronger setting (`remote_write`, `remote_apply`)
    /// as the operator chose.
    public static func durableConnection(_ parameters: ConnectionParameters) throws(PostgresError) -> PostgresConnection {
        let connection = try PostgresConnection(parameters)
        do throws(PostgresError) {
            _ = try connection.query(
                "SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'")
        } catch {
            connection.close()
            throw error
        }
        return connection
    }
}
