import NIOPosix
import Spool

/// Reads spool records on the shipper's thread pool, so blocking file reads never run on an event
/// loop or hold up a cooperative thread for long.
final class SpoolFeed: @unchecked Sendable {
    // The reader is used by one thread-pool job at a time: the session awaits each job.
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

    /// Persists an ACK in the spool's cursor and deletes fully acknowledged segments.
    func acknowledge(through sequence: UInt64) async throws {
        try await threadPool.runIfActive { [spool] in try spool.acknowledge(through: sequence) }
    }
}
