/// The spool's mutable state, guarded by its monitor.
struct SpoolState {
    /// Sealed segments, oldest first.
    var sealed: [SegmentInfo]
    var active: ActiveSegment?
    /// The highest sequence written, or, when the spool holds no record, the highest sequence
    /// known to be acknowledged or dropped (so a new record must be above it).
    var lastSequence: UInt64
    /// Every record up to this sequence is durable under the fsync policy.
    var durableSequence: UInt64
    var cursor: CursorState
    /// Bytes of all segment and index files.
    var diskBytes: Int64
    /// Set when an fdatasync failed; every later operation throws it.
    var failure: SpoolError?
    var closed = false
    var waiters: [DurabilityWaiter] = []
    var nextWaiterID: UInt64 = 0
    var lastSyncNanos: UInt64 = 0

    var hasRecords: Bool { !sealed.isEmpty || (active?.hasRecords ?? false) }

    var firstSequence: UInt64? {
        if let first = sealed.first { return first.firstSequence }
        if let active, active.hasRecords { return active.info.firstSequence }
        return nil
    }
}

/// A task waiting until a sequence is durable.
struct DurabilityWaiter {
    let id: UInt64
    let sequence: UInt64
    let continuation: CheckedContinuation<Result<Void, SpoolError>, Never>
}

/// Continuations to resume once the monitor is released.
struct PendingResumes {
    var items: [(CheckedContinuation<Result<Void, SpoolError>, Never>, Result<Void, SpoolError>)] = []

    func resumeAll() {
        for (continuation, result) in items { continuation.resume(returning: result) }
    }
}
