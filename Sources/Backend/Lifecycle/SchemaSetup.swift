import Ingest
import Logging
import PostgresClient

/// Applies the migrations, waiting a little for a database that is still starting.
struct SchemaSetup: Sendable {
    let database: ConnectionParameters
    let logger: Logger
    /// Connection attempts before giving up (about 30 s in all).
    var attempts = 10

    /// Applies every missing migration; returns early without error when `signal` fires
    /// while waiting for the database.
    func migrate(until signal: ShutdownSignal? = nil) async throws {
        var delay = Duration.milliseconds(250)
        for attempt in 1...attempts {
            let connection: PostgresConnection
            do {
                connection = try PostgresConnection(database)
            } catch {
                guard attempt < attempts, error.code == .connectionFailed else {
                    throw StartupError("cannot connect to the database (DATABASE_URL): \(error.message)")
                }
                logger.warning("database not reachable yet; retrying", metadata: ["attempt": "\(attempt)", "error": "\(error.message)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
                if signal?.received != nil { return }
                continue
            }
            defer { connection.close() }
            do {
                let report = try Migrator(logger: logger).migrate(connection)
                logger.info("schema up to date", metadata: ["version": "\(report.currentVersion)", "applied": "\(report.applied)"])
                return
            } catch {
                throw StartupError("migrations failed: \(error)")
            }
        }
    }
}
