import Foundation
import Ingest
import PostgresClient
import Testing

@Suite("DatabaseExecutor against PostgreSQL")
struct DatabaseExecutorTests {
    @Test("jobs run on the executor's connection; a killed connection fails one job and is made again")
    func reconnects() async throws {
        try await IngestDatabase.withAsync(migrate: nil) { database in
            let executor = DatabaseExecutor(parameters: database.parameters, threads: 1)
            let first = try await executor.run { connection in connection.backendPID }
            #expect(try await executor.run { connection in connection.backendPID } == first)

            let admin = try database.connect()
            _ = try admin.query("SELECT pg_terminate_backend($1::int)", params: [String(first)])
            admin.close()

            await #expect(throws: PostgresError.self) {
                _ = try await executor.run { connection in try connection.query("SELECT 1") }
            }
            let second = try await executor.run { connection in connection.backendPID }
            #expect(second != first)
            await executor.shutdown()
        }
    }

    @Test("an unreachable database is the job's error, not a hang or a crash")
    func unreachable() async throws {
        let executor = DatabaseExecutor(parameters: ConnectionParameters(host: "127.0.0.1", port: 1, user: "nobody", sslMode: "disable"))
        await #expect {
            _ = try await executor.run { connection in connection.backendPID }
        } throws: { error in
            (error as? PostgresError)?.code == .connectionFailed
        }
        await executor.shutdown()
    }

    @Test("shutdown lets a running job finish; after it a job throws ShutDown")
    func shutdown() async throws {
        try await IngestDatabase.withAsync(migrate: nil) { database in
            let executor = DatabaseExecutor(parameters: database.parameters, threads: 2)
            let started = Flag()
            let running = Task {
                try await executor.run { connection in
                    started.set()
                    return try connection.query("SELECT pg_sleep(0.5)::text").rows.count
                }
            }
            var waited = 0
            while !started.isSet && waited < 60_000 {
                try await Task.sleep(for: .milliseconds(10))
                waited += 10
            }
            await executor.shutdown()
            #expect(try await running.value == 1)
            await #expect(throws: DatabaseExecutor.ShutDown.self) {
                _ = try await executor.run { connection in connection.backendPID }
            }
        }
    }
}

/// A flag set on one thread and read on another.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
