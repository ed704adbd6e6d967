import Glibc
import WireProtocol

/// The collector's crash-safe local log of BATCH frames (DESIGN.md invariant 1; format in
/// Protocol/SPOOL.md).
///
/// Records are frames byte for byte. `append` writes one; the fsync policy decides when it is
/// durable, and concurrent appends share one fdatasync. `acknowledge` persists the backend's
/// acknowledgement and deletes segments it fully covers. `reader(from:)` tails the spool.
/// The directory is locked against a second process for as long as the spool is open.
///
/// All methods may be called from any thread. Blocking methods (`append` with `.always`,
/// `waitDurable(_:timeoutMilliseconds:)`) block the calling thread; async variants suspend.
public final class Spool: @unchecked Sendable {
    /// The spool directory.
    public let directory: String
    public let options: SpoolOptions
    /// What opening found and repaired.
    public let recovery: RecoveryReport

    static let syncWork = 0
    static let durableAdvanced = 1
    static let spaceFreed = 2
    let monitor = Monitor(conditions: 3)
    /// Guarded by `monitor`.
    var state: SpoolState
    private var directoryLock: DirectoryLock?
    private var syncThread: pthread_t?

    /// Opens (creating if needed) the spool in `directory`, takes its lock and recovers it.
    ///
    /// Corruption never makes this fail: it is repaired and listed in `recovery`.
    /// - Throws: `locked` when another process holds the directory; `io` for system failures;
    ///   `invalidOptions`.
    public static func open(directory: String, options: SpoolOptions = SpoolOptions()) throws(SpoolError) -> Spool {
        try options.validate(directory: directory)
        try Directory.create(directory)
        let lock = try DirectoryLock.acquire(directory: directory, waitMilliseconds: options.lockWaitMilliseconds)
        var recovery = SpoolRecovery(directory: directory, options: options)
        let outcome = try recovery.run()
        return Spool(directory: directory, options: options, lock: lock, outcome: outcome)
    }

    private init(directory: String, options: SpoolOptions, lock: DirectoryLock, outcome: SpoolRecovery.Outcome) {
        self.directory = directory
        self.options = options
        self.directoryLock = lock
        self.recovery = outcome.report
        let cursor = outcome.cursor
        let last = max(outcome.segments.last?.lastSequence ?? 0, cursor.acknowledged, cursor.droppedThrough)
        state = SpoolState(
            sealed: outcome.segments, active: nil, lastSequence: last, durableSequence: last, cursor: cursor,
            diskBytes: outcome.segments.reduce(0) { $0 + $1.diskBytes })
        if case .never = options.fsync {} else {
            // The thread holds the spool strongly until `close()` stops it.
            syncThread = startThread { self.runSyncLoop() }
        }
    }

    deinit {
        try? close()
    }

    /// Seals the segment being written (syncing it unless the policy is `.never`), stops the
    /// sync thread and releases the directory lock. Later calls throw `closed`.
    public func close() throws(SpoolError) {
        let alreadyClosed = monitor.withLock { () -> Bool in
            let was = state.closed
            state.closed = true
            monitor.signal(Spool.syncWork)
            return was
        }
        if alreadyClosed { return }
        if let thread = syncThread {
            pthread_join(thread, nil)
            syncThread = nil
        }
        var resumes = PendingResumes()
        var sealError: SpoolError?
        monitor.withLock {
            do throws(SpoolError) {
                if state.failure == nil { try sealActive(&resumes) }
            } catch {
                sealError = error
            }
            let closedError = state.failure ?? SpoolError(.closed, path: directory, "the spool was closed")
            for waiter in state.waiters {
                let result: Result<Void, SpoolError> = waiter.sequence <= state.durableSequence ? .success(()) : .failure(closedError)
                resumes.items.append((waiter.continuation, result))
            }
            state.waiters.removeAll()
            monitor.broadcast(Spool.durableAdvanced)
            monitor.broadcast(Spool.spaceFreed)
        }
        resumes.resumeAll()
        directoryLock = nil
        if let sealError { throw sealError }
    }

    /// Positions and counters now.
    public var stats: SpoolStats {
        monitor.withLock {
            let first = state.firstSequence
            let acked = state.cursor.acknowledged
            var firstUnacked: UInt64 = 0
            if let first, state.lastSequence > acked { firstUnacked = max(first, acked + 1) }
            return SpoolStats(
                firstSequence: first, lastSequence: state.lastSequence, durableSequence: state.durableSequence,
                acknowledged: acked, firstUnacknowledged: firstUnacked,
                droppedRecords: state.cursor.droppedRecords, droppedSamples: state.cursor.droppedSamples,
                diskBytes: state.diskBytes, segmentCount: state.sealed.count + (state.active == nil ? 0 : 1))
        }
    }

    /// The sequence the next record must carry: exactly this when the spool holds records,
    /// at least this when it is empty.
    public var nextSequence: UInt64 { monitor.withLock { state.lastSequence + 1 } }

    func checkUsable() throws(SpoolError) {
        if let failure = state.failure { throw failure }
        if state.closed { throw SpoolError(.closed, path: directory, "the spool was closed") }
    }
}
