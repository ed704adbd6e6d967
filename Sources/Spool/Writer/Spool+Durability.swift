/// Group commit and durability waits.
extension Spool {
    /// Blocks until every record up to `sequence` is durable.
    ///
    /// - Parameter timeoutMilliseconds: nil waits for as long as it takes.
    /// - Returns: false when the timeout passed first.
    /// - Throws: `syncFailed` when an fdatasync failed; `closed` when the spool closed first.
    @discardableResult
    public func waitDurable(_ sequence: UInt64, timeoutMilliseconds: Int? = nil) throws(SpoolError) -> Bool {
        let deadline = timeoutMilliseconds.map { monotonicNanos() + UInt64(max(0, $0)) * 1_000_000 }
        monitor.lock()
        defer { monitor.unlock() }
        while state.durableSequence < sequence {
            if let failure = state.failure { throw failure }
            if state.closed { throw SpoolError(.closed, path: directory, "the spool closed before sequence \(sequence) was durable") }
            if let deadline {
                if monotonicNanos() >= deadline { return false }
                monitor.wait(Spool.durableAdvanced, untilNanos: deadline)
            } else {
                monitor.wait(Spool.durableAdvanced)
            }
        }
        return true
    }

    /// Suspends until every record up to `sequence` is durable. A sequence not yet written is
    /// waited for too, which is how a reader waits for new records.
    ///
    /// - Throws: `syncFailed`, `closed`, or `cancelled` when the task is cancelled.
    public func waitDurable(_ sequence: UInt64) async throws(SpoolError) {
        let id = monitor.withLock { () -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, SpoolError>, Never>) in
                let immediate: Result<Void, SpoolError>? = monitor.withLock {
                    if state.durableSequence >= sequence { return .success(()) }
                    if let failure = state.failure { return .failure(failure) }
                    if state.closed { return .failure(SpoolError(.closed, path: directory, "the spool is closed")) }
                    if Task.isCancelled { return .failure(SpoolError(.cancelled, path: directory, "cancelled while waiting for sequence \(sequence)")) }
                    state.waiters.append(DurabilityWaiter(id: id, sequence: sequence, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = monitor.withLock { () -> DurabilityWaiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: .failure(SpoolError(.cancelled, path: directory, "cancelled while waiting for sequence \(sequence)")))
        }
        try result.get()
    }

    /// Raises the durable watermark and collects the waiters it satisfies. Monitor held.
    func publishDurable(_ sequence: UInt64, _ resumes: inout PendingResumes) {
        guard sequence > state.durableSequence else { return }
        state.durableSequence = sequence
        if !state.waiters.isEmpty {
            state.waiters.removeAll { waiter in
                guard waiter.sequence <= sequence else { return false }
                resumes.items.append((waiter.continuation, .success(())))
                return true
            }
        }
        monitor.broadcast(Spool.durableAdvanced)
    }

    /// Puts the spool into the failed state after an fdatasync error: nothing written since the
    /// last good sync can be trusted (the kernel may have dropped the dirty pages), so every
    /// waiter and every later call gets the error. Reopening the spool recovers. Monitor held.
    func fail(_ error: SpoolError, _ resumes: inout PendingResumes) {
        if state.failure == nil { state.failure = error }
        for waiter in state.waiters { resumes.items.append((waiter.continuation, .failure(error))) }
        state.waiters.removeAll()
        monitor.broadcast(Spool.durableAdvanced)
        monitor.broadcast(Spool.spaceFreed)
    }

    /// The sync thread: one fdatasync covers every record written before it started, so
    /// appends that arrive during a sync share the next one.
    func runSyncLoop() {
        let intervalNanos: UInt64
        switch options.fsync {
        case .interval(let ms): intervalNanos = UInt64(ms) * 1_000_000
        default: intervalNanos = 0
        }
        monitor.lock()
        while !state.closed && state.failure == nil {
            guard let active = state.active, state.lastSequence > state.durableSequence, active.hasRecords else {
                monitor.wait(Spool.syncWork)
                continue
            }
            if intervalNanos > 0 {
                let due = state.lastSyncNanos + intervalNanos
                if monotonicNanos() < due {
                    monitor.wait(Spool.syncWork, untilNanos: due)
                    continue
                }
            }
            let target = state.lastSequence
            let targetOffset = active.writeOffset
            try? active.flushIndex()
            monitor.unlock()
            let result = Result { () throws(SpoolError) in try active.file.dataSync() }
            monitor.lock()
            state.lastSyncNanos = monotonicNanos()
            var resumes = PendingResumes()
            switch result {
            case .success:
                if state.active === active { active.durableOffset = max(active.durableOffset, targetOffset) }
                publishDurable(target, &resumes)
            case .failure(let error):
                fail(error, &resumes)
            }
            monitor.unlock()
            resumes.resumeAll()
            monitor.lock()
        }
        monitor.unlock()
    }
}
