import NIOConcurrencyHelpers
import NIOPosix
import Spool

/// Reads spool records on the shipper's thread pool, so blocking file reads never run on an event
/// loop or hold up a cooperative thread for long.
final class SpoolFeed: @unchecked Sendable {
    // The reader is used by one thread-pool job at a time: the session awaits each read. Cursor
    // writes run as other jobs, at most one at a time (`CursorProgress.writing`).
    private let reader: SpoolReader
    let spool: Spool
    private let threadPool: NIOThreadPool

    init(spool: Spool, from sequence: UInt64, threadPool: NIOThreadPool) {
        self.spool = spool
        self.reader = spool.reader(from: sequence)
        self.threadPool = threadPool
    }

    /// What one read produced: records in sequence order, and the corruption and gaps met.
    struct Chunk: Sendable {
        var records: [SpoolRecord]
        var problems: [SpoolError]
        /// The sequence the reader expects next.
        var nextSequence: UInt64
    }

    /// Reads durable records until `maxBytes` or `maxFrames` is reached (at least one record when
    /// there is one); never waits for new ones.
    func read(maxBytes: Int, maxFrames: Int) async throws -> Chunk {
        try await threadPool.runIfActive { [self] in
            let known = reader.problems.count
            var records: [SpoolRecord] = []
            var bytes = 0
            while records.count < max(1, maxFrames), bytes < max(1, maxBytes), let record = try reader.next() {
                records.append(record)
                bytes += record.bytes.count
            }
            return Chunk(records: records, problems: Array(reader.problems[known...]), nextSequence: reader.nextSequence)
        }
    }

    /// Persists an ACK in the spool's cursor and deletes fully acknowledged segments, in the
    /// background: ACKs that arrive while one is being written are coalesced into the next
    /// write, so a fast backend is not held back by one cursor fsync per ACK. Losing the latest
    /// cursor in a crash is harmless: those records are sent again and the backend skips them.
    func persistAcknowledgement(through sequence: UInt64) {
        let start = cursor.withLockedValue { state -> Bool in
            state.target = max(state.target, sequence)
            guard !state.writing else { return false }
            state.writing = true
            return true
        }
        guard start else { return }
        threadPool.submit { [self] _ in
            while true {
                let target = cursor.withLockedValue { state -> UInt64? in
                    guard state.target > state.written, state.failure == nil else {
                        state.writing = false
                        return nil
                    }
                    return state.target
                }
                guard let target else { return }
                do {
                    try spool.acknowledge(through: target)
                    cursor.withLockedValue { $0.written = target }
                } catch {
                    cursor.withLockedValue { $0.failure = error }
                }
            }
        }
    }

    /// Why persisting an ACK failed (the spool closed or failed), if it did.
    var acknowledgementFailure: (any Error)? { cursor.withLockedValue { $0.failure } }

    private struct CursorProgress {
        var target: UInt64 = 0
        var written: UInt64 = 0
        var writing = false
        var failure: (any Error)?
    }

    private let cursor = NIOLockedValueBox(CursorProgress())
}
