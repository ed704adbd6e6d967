import Foundation
import NIOCore

/// The listener's connections: how many are admitted (the connection limit), which one holds
/// each collector (one connection per collector), and how to end them all (shutdown).
///
/// A collector's connections form a chain: a new one supersedes the one before and waits until
/// that one has *settled* (closed, with no transaction in flight) before it answers HELLO, so
/// the committed sequence in its WELCOME is final and no two connections of a collector ever
/// have records in flight at once.
final class ConnectionRegistry: @unchecked Sendable {
    /// Whether a new connection may stay.
    enum Admission: Hashable, Sendable {
        case admitted
        case overLimit(Int)
        case shuttingDown
    }

    /// What the registry can ask of a connection, from any thread.
    struct Member: Sendable {
        /// Ends the connection gracefully (ERROR `shutting_down` after its in-flight work).
        let shutdown: @Sendable () -> Void
        /// Completes once the connection closed with no transaction in flight.
        let settled: EventLoopFuture<Void>
        let admitted: Bool
    }

    private struct Holder {
        let connectionID: Int
        let supersede: @Sendable () -> Void
        /// Settled when this connection and every one before it are.
        let chainSettled: EventLoopFuture<Void>
    }

    private let lock = NSLock()
    private let maxConnections: Int
    private var nextID = 0
    private var admittedCount = 0
    private var accepting = true
    private var members: [Int: Member] = [:]
    private var holders: [String: Holder] = [:]

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    private var unacknowledgedBytes = 0

    /// Connections admitted and not yet closed.
    var count: Int { lock.withLock { admittedCount } }

    /// BATCH bytes received and not yet acknowledged, over every open connection.
    var totalUnacknowledgedBytes: Int { lock.withLock { unacknowledgedBytes } }

    func adjustUnacknowledgedBytes(by delta: Int) {
        lock.withLock { unacknowledgedBytes += delta }
    }

    /// A new connection's id and whether it is admitted (counted against the limit).
    func admit() -> (id: Int, admission: Admission) {
        lock.withLock {
            nextID += 1
            guard accepting else { return (nextID, .shuttingDown) }
            guard admittedCount < maxConnections else { return (nextID, .overLimit(maxConnections)) }
            admittedCount += 1
            return (nextID, .admitted)
        }
    }

    /// Tracks an open connection until its `settled` completes.
    func track(_ id: Int, _ member: Member) {
        let late = lock.withLock {
            members[id] = member
            return !accepting
        }
        // Accepted as the listener began to shut down: it ends like the others.
        if late { member.shutdown() }
        member.settled.whenComplete { _ in
            self.lock.withLock {
                self.members[id] = nil
                if member.admitted { self.admittedCount -= 1 }
            }
        }
    }

    /// Makes connection `id` the holder of `collectorID`. Returns when the previous holders have
    /// settled (completed at once when there were none); the previous holder is superseded.
    ///
    /// - Parameters: `settled` completes when this connection has; `supersede` ends it when a
    ///   newer connection of the collector arrives.
    func claim(collectorID: String, connectionID id: Int, settled: EventLoopFuture<Void>,
               supersede: @escaping @Sendable () -> Void) -> EventLoopFuture<Void> {
        let loop = settled.eventLoop
        let chain = loop.makePromise(of: Void.self)
        let previous = lock.withLock {
            let previous = holders[collectorID]
            holders[collectorID] = Holder(connectionID: id, supersede: supersede, chainSettled: chain.futureResult)
            return previous
        }
        let before = previous?.chainSettled ?? loop.makeSucceededVoidFuture()
        settled.and(before).map { _ in () }.cascade(to: chain)
        chain.futureResult.whenComplete { _ in
            self.lock.withLock {
                if self.holders[collectorID]?.connectionID == id { self.holders[collectorID] = nil }
            }
        }
        previous?.supersede()
        return before.hop(to: loop)
    }

    /// Stops admitting, asks every connection to end, and waits until all have settled.
    func shutDownAll(on loop: EventLoop) async {
        let current = lock.withLock {
            accepting = false
            return Array(members.values)
        }
        current.forEach { $0.shutdown() }
        try? await EventLoopFuture.andAllComplete(current.map(\.settled), on: loop).get()
        // Connections tracked after the snapshot were told to end by `track`; wait for them too.
        while let late = lock.withLock({ members.values.first }) {
            try? await late.settled.get()
        }
    }
}
