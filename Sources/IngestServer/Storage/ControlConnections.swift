import Foundation
import NIOCore
import NIOPosix
import PostgresClient

/// The listener's few database connections for control work (HELLO lookups and bookkeeping),
/// used on a small thread pool because libpq blocks and an event loop must not.
///
/// A connection that broke is dropped and the work tried once more on a fresh one, so a
/// restarted database costs one failed HELLO at most.
final class ControlConnections: @unchecked Sendable {
    private let parameters: ConnectionParameters
    private let threadPool: NIOThreadPool
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []

    init(parameters: ConnectionParameters, threads: Int) {
        self.parameters = parameters
        threadPool = NIOThreadPool(numberOfThreads: threads)
    }

    func start() {
        threadPool.start()
    }

    /// Finishes the work queued, then closes the connections.
    func shutdown() async {
        try? await threadPool.shutdownGracefully()
        let connections = lock.withLock {
            defer { idle = [] }
            return idle
        }
        connections.forEach { $0.close() }
    }

    /// Runs `body` with a connection on a pool thread; the future completes on `eventLoop`.
    func run<T: Sendable>(on eventLoop: EventLoop, _ body: @escaping @Sendable (PostgresConnection) throws(PostgresError) -> T) -> EventLoopFuture<T> {
        threadPool.runIfActive(eventLoop: eventLoop) { try self.withConnection(body) }
    }

    private func withConnection<T>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            let connection = try checkOut()
            do throws(PostgresError) {
                let value = try body(connection)
                checkIn(connection)
                return value
            } catch {
                guard !connection.isConnected || error.code == .connectionLost else {
                    checkIn(connection)
                    throw error
                }
                connection.close()
                if attempt >= 2 { throw error }
            }
        }
    }

    private func checkOut() throws(PostgresError) -> PostgresConnection {
        if let connection = lock.withLock({ idle.popLast() }) { return connection }
        return try PostgresConnection(parameters)
    }

    private func checkIn(_ connection: PostgresConnection) {
        lock.withLock { idle.append(connection) }
    }
}
