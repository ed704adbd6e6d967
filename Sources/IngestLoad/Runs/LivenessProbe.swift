import NIOCore
import TLS
import WireProtocol

/// After the hostile run: a valid collector connects, sends one round and must see it
/// acknowledged, and its rows must be in the database.
enum LivenessProbe {
    /// nil when the backend took the round; otherwise what went wrong.
    static func check(target: LoadTarget, round: RoundFrames, collectorID: String, directory: CollectorDirectory,
                      loop: any EventLoop) async -> String? {
        do {
            try directory.register([collectorID])
            let before = try directory.committed([collectorID])
            let tls = try target.clientContext(for: collectorID)
            let session = ThroughputSession(collectorID: collectorID, frames: round, windowFrames: round.parts.count,
                                            windowBytes: 1 << 30, loop: loop)
            try await session.connect(to: target, tls: tls).get()
            // One round: stop as soon as the window is full (the interval is over at once).
            try await loop.submit { session.start(stopAt: 0) }.get()
            let timer = loop.scheduleTask(in: .seconds(60)) { session.abandon() }
            try await session.finished.futureResult.get()
            timer.cancel()
            let counts = try await loop.submit { session.counts }.get()
            if let failure = counts.failure { return failure }
            let after = try directory.committed([collectorID])
            let rows = Int64(counts.rowsDrained)
            guard rows == Int64(round.rows), after.rows - before.rows == rows else {
                return "acknowledged \(rows) rows of \(round.rows); \(after.rows - before.rows) new rows in the database"
            }
            return nil
        } catch {
            return "\(error)"
        }
    }
}
