import Foundation
import Logging
import PostgresClient

/// Runs short blocking database work (registration, the admin API, health checks, partition
/// maintenance) on threads of its own, each keeping one connection, so that libpq never blocks
/// an event loop or the cooperative thread pool.
///
/// A connection that failed with `connectionLost` or `connectionFailed` is dropped and made
/// again for the next job, so a database restart costs one failed job per thread.
public final class DatabaseExecutor: Sendable {
    /// The error when the executor was shut down before or while a job waited.
    public struct ShutDown: Error, CustomStringConvertible {
        public var description: String { "the database executor is shut down" }
    }

    private final class Job: @unchecked Sendable {
        let body: (Result<PostgresConnection, PostgresError>) -> Void
        let cancel: () -> Void
        init(body: @escaping (Result<PostgresConnection, PostgresError>) -> Void, cancel: @escaping () -> Void) {
            self.body = body
            self.cancel = cancel
        }
    }

    /// The queue of jobs and the threads' state, behind one condition.
    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        var jobs: [Job] = []
        var isShutDown = false
        var running = 0

        /// Queues `job`; false once shut down.
        func enqueue(_ job: Job) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            guard !isShutDown else { return false }
            jobs.append(job)
            condition.signal()
            return true
        }

        /// Stops taking jobs and wakes the threads; returns how many still run.
        func shutDown() -> Int {
            condition.lock()
            defer { condition.unlock() }
            isShutDown = true
            condition.broadcast()
            return running
        }

        var runningCount: Int {
            condition.lock()
            defer { condition.unlock() }
            return running
        }
    }

    /// How many threads (and connections) the executor keeps.
    public let threads: Int
    private let state = State()
    private let parameters: ConnectionParameters

    /// Starts `threads` threads that connect with `parameters` when they first have work.
    public init(parameters: ConnectionParameters, threads: Int = 2, label: String = "pga-db",
                logger: Logger = Logger(label: "pganalytics.database")) {
        precondition(threads >= 1, "a database executor needs at least one thread")
        self.threads = threads
        self.parameters = parameters
        let state = self.state
        state.running = threads
        for number in 0..<threads {
            let thread = Thread {
                Self.work(state: state, parameters: parameters, logger: logger)
            }
            thread.name = "\(label)-\(number)"
            thread.start()
        }
    }

    /// Runs `body` on one of the executor's threads with its connection (made on first use).
    ///
    /// - Throws: what `body` throws (a `PostgresError` for database failures, including the
    ///   connection failure when the database cannot be reached), or `ShutDown`.
    public func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let job = Job(body: { connection in
                continuation.resume(with: Result { try body(connection.get()) })
            }, cancel: {
                continuation.resume(throwing: ShutDown())
            })
            if !state.enqueue(job) { job.cancel() }
        }
    }

    /// Stops the threads after the jobs already queued; later `run` calls throw `ShutDown`.
    /// Returns once every thread has closed its connection.
    public func shutdown() async {
        var running = state.shutDown()
        while running > 0 {
            try? await Task.sleep(for: .milliseconds(5))
            running = state.runningCount
        }
    }

    private static func work(state: State, parameters: ConnectionParameters, logger: Logger) {
        var connection: PostgresConnection?
        while true {
            state.condition.lock()
            while state.jobs.isEmpty && !state.isShutDown { state.condition.wait() }
            if state.jobs.isEmpty {
                state.running -= 1
                state.condition.unlock()
                connection?.close()
                return
            }
            let job = state.jobs.removeFirst()
            state.condition.unlock()

            if connection?.isConnected != true {
                connection?.close()
                connection = nil
                do {
                    connection = try PostgresConnection(parameters)
                } catch {
                    logger.debug("database connection failed", metadata: ["error": "\(error)"])
                    job.body(.failure(error))
                    continue
                }
            }
            if let connection { job.body(.success(connection)) }
            if connection?.isConnected != true {
                connection?.close()
                connection = nil
            }
        }
    }
}
