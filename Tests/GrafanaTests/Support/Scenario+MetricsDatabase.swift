import IngestTestSupport
import PostgresClient

extension Scenario {
    /// Creates the scenario's metrics database, `pga_grafana_metrics_<id>`, empty and with a
    /// 60 s statement timeout, and runs `body` with it and a cleanup that removes the scenario
    /// and then drops the database: `body` hands the cleanup on with what it loaded; on an
    /// error the cleanup runs before the error is thrown.
    func withMetricsDatabase(
        _ body: (_ metrics: ConnectionParameters, _ cleanup: @escaping @Sendable () -> Void) async throws -> LoadedMetrics
    ) async throws -> LoadedMetrics {
        var cluster = self.cluster
        cluster.statementTimeoutMilliseconds = 60_000
        let database: MigratedDatabase
        do {
            database = try MigratedDatabase.create(named: "pga_grafana_metrics_\(id)", on: cluster, .empty)
        } catch {
            self.cleanup()
            throw error
        }
        let cleanup: @Sendable () -> Void = {
            self.cleanup()
            database.drop()
        }
        do {
            return try await body(database.parameters, cleanup)
        } catch {
            cleanup()
            throw error
        }
    }
}
