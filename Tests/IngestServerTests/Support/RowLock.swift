import Foundation
import IngestTestSupport
import PostgresClient

/// Holds a collector's row locked (`SELECT ... FOR UPDATE` in an open transaction), so that a
/// writer's transaction for that collector waits: its records stay in flight, uncommitted.
final class RowLock {
    private let connection: PostgresConnection
    private let observer: PostgresConnection

    init(_ database: MigratedDatabase, collectorID: String) throws {
        connection = try database.connect()
        observer = try database.connect()
        try connection.execute("BEGIN")
        _ = try connection.query("SELECT id FROM pganalytics.collectors WHERE id = $1 FOR UPDATE", params: [collectorID])
    }

    /// Waits until some session waits for this lock (a writer took the records into a transaction).
    func awaitBlockedWriter(seconds: Int = 30) async throws {
        for _ in 0..<(seconds * 50) {
            let result = try observer.query("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))",
                                            params: [String(connection.backendPID)])
            if case .int8(let count) = result.rows.first?[0], count > 0 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestTimeout(what: "a writer blocked on the collector's row")
    }

    /// Ends the transaction: the waiting writer goes on.
    func release() {
        try? connection.execute("COMMIT")
        connection.close()
        observer.close()
    }
}
