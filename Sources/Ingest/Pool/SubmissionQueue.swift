import Foundation

/// The pool's queue: submissions wait here until a writer takes them into a transaction.
///
/// A writer takes, in arrival order, every submission it can: one whose collectors no other
/// writer is busy with and that no earlier submission left waiting shares a collector with
/// (several submissions of one collector may share a transaction). So a
/// collector's records are written in the order they were submitted, by one writer at a time,
/// and its sequences reach PostgreSQL without gaps.
final class SubmissionQueue: @unchecked Sendable {
    struct Submission {
        let records: [IngestRecord]
        let collectors: Set<String>
        let rows: Int
        let bytes: Int
        let complete: @Sendable (Result<WriteResult, IngestError>) -> Void
    }

    private let condition = NSCondition()
    private var waiting: [Submission] = []
    private var busy: [String: Int] = [:]
    private var isShutDown = false

    /// Queues a submission; false when the queue is shut down.
    func enqueue(_ submission: Submission) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isShutDown else { return false }
        waiting.append(submission)
        condition.broadcast()
        return true
    }

    /// Waits for work and takes it (marking its collectors busy); nil once shut down and drained.
    func take(maxRows: Int, maxBytes: Int) -> [Submission]? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            let taken = takeEligible(maxRows: maxRows, maxBytes: maxBytes)
            if !taken.isEmpty { return taken }
            if isShutDown && waiting.isEmpty { return nil }
            condition.wait()
        }
    }

    /// Marks the collectors of finished submissions free again.
    func finish(_ submissions: [Submission]) {
        condition.lock()
        defer { condition.unlock() }
        for submission in submissions {
            for collector in submission.collectors {
                busy[collector, default: 1] -= 1
                if busy[collector] == 0 { busy[collector] = nil }
            }
        }
        condition.broadcast()
    }

    /// Refuses new submissions; writers drain what is queued, then stop.
    func shutDown() {
        condition.lock()
        defer { condition.unlock() }
        isShutDown = true
        condition.broadcast()
    }

    /// Submissions waiting for a writer.
    var waitingCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return waiting.count
    }

    private func takeEligible(maxRows: Int, maxBytes: Int) -> [Submission] {
        var taken: [Submission] = []
        var kept: [Submission] = []
        var blocked = Set(busy.keys)
        var rows = 0
        var bytes = 0
        for submission in waiting {
            let fits = taken.isEmpty || (rows + submission.rows <= maxRows && bytes + submission.bytes <= maxBytes)
            if fits && submission.collectors.isDisjoint(with: blocked) {
                taken.append(submission)
                rows += submission.rows
                bytes += submission.bytes
            } else {
                kept.append(submission)
                // Later submissions of these collectors wait for this one.
                blocked.formUnion(submission.collectors)
            }
        }
        guard !taken.isEmpty else { return [] }
        waiting = kept
        for submission in taken {
            for collector in submission.collectors { busy[collector, default: 0] += 1 }
        }
        return taken
    }
}
