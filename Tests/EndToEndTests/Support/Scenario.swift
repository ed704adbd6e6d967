#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PostgresClient
import Testing

/// One end-to-end test's world: its own directory, metrics database, backend (ports, CA) and a
/// registered collector, all real processes. The collector is not started yet.
final class Scenario: @unchecked Sendable {
    let directory: String
    let database: MetricsDatabase
    let backend: BackendProcess
    let collector: CollectorProcess

    private init(directory: String, database: MetricsDatabase, backend: BackendProcess, collector: CollectorProcess) {
        self.directory = directory
        self.database = database
        self.backend = backend
        self.collector = collector
    }

    /// Runs `body` in a new scenario whose metrics database is a scratch database on the test
    /// cluster, or `database` when given, in a new directory (removed afterwards) or `directory`
    /// when given (left to the caller); stops every process afterwards.
    static func run(_ name: String, database givenDatabase: MetricsDatabase? = nil, directory givenDirectory: String? = nil,
                    _ body: (Scenario) async throws -> Void) async throws {
        let directory = try givenDirectory ?? makeDirectory(name)
        if let givenDatabase {
            try await run(name, directory: directory, database: givenDatabase, body)
        } else {
            try await MetricsDatabase.withScratch { database in try await run(name, directory: directory, database: database, body) }
        }
        if givenDirectory == nil { try? FileManager.default.removeItem(atPath: directory) }
    }

    private static func run(_ name: String, directory: String, database: MetricsDatabase,
                            _ body: (Scenario) async throws -> Void) async throws {
        let backend = try await BackendProcess(directory: directory, database: database)
        try await backend.start()
        let collector = try CollectorProcess(directory: directory + "/collector", name: "e2e-\(name)", backend: backend)
        let scenario = Scenario(directory: directory, database: database, backend: backend, collector: collector)
        do {
            try await collector.register(with: backend)
            try await body(scenario)
        } catch {
            await scenario.stopAll()
            Issue.record("processes' logs:\n\(backend.logs)\n\(collector.logs)")
            throw error
        }
        await scenario.stopAll()
    }

    static func makeDirectory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "pga-e2e-\(name)-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// SIGTERM to the collector, then to the backend: afterwards nothing writes to the database.
    func stopAll() async {
        collector.shadow.finish()
        await collector.stop()
        await backend.stop()
    }

    /// Waits until the database committed the collector's records through `sequence`.
    func waitForCommitted(_ sequence: Int64) async throws {
        let reached = await eventually(every: .milliseconds(200)) { database.committedSequence(collector.collectorID) >= sequence }
        try #require(reached, "the database did not commit through sequence \(sequence) (committed: \(database.committedSequence(collector.collectorID)))")
    }

    /// Waits until the collector has shipped at least one record, and returns the spool's last sequence.
    func waitForShipping() async throws {
        try await waitForCommitted(1)
    }

    /// Holds `LOCK TABLE pganalytics.<table> IN EXCLUSIVE MODE` in an open transaction until
    /// `release`: a writer's COPY into that table then waits in the middle of its transaction.
    func lock(_ table: String) throws -> PostgresConnection {
        var parameters = database.parameters
        parameters.statementTimeoutMilliseconds = 0
        parameters.lockTimeoutMilliseconds = 0
        let connection = try PostgresConnection(parameters)
        try connection.execute("BEGIN")
        try connection.execute("LOCK TABLE pganalytics.\(table) IN EXCLUSIVE MODE")
        return connection
    }

    /// Waits until a backend writer's `COPY` waits for a lock in its transaction.
    func waitForBlockedCopy() async throws {
        let blocked = await eventually(every: .milliseconds(10)) {
            ((try? database.integer("""
                SELECT count(*)::bigint FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
                  AND query ILIKE 'COPY%' AND xact_start IS NOT NULL
                """)) ?? 0) > 0
        }
        try #require(blocked, "no writer's COPY waited for the lock")
    }
}
