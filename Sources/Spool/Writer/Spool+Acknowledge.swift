/// The shipping cursor.
extension Spool {
    /// Records that the backend committed every record up to `sequence` (an ACK), persists it
    /// atomically, and deletes the sealed segments it fully covers.
    ///
    /// A sequence above the last record written is clamped to it; a lower one than already
    /// acknowledged is ignored.
    public func acknowledge(through sequence: UInt64) throws(SpoolError) {
        monitor.lock()
        defer { monitor.unlock() }
        try checkUsable()
        let target = min(sequence, state.lastSequence)
        guard target > state.cursor.acknowledged else { return }
        var cursor = state.cursor
        cursor.acknowledged = target
        do throws(SpoolError) {
            try CursorFile.write(cursor, directory: directory)
        } catch where error.code == .diskFull {
            // On a full disk the new cursor needs the space that the acknowledged segments
            // hold. They are acknowledged, so removing them first loses nothing; a crash before
            // the cursor is written only shows up as missing (already committed) sequences.
            try removeAcknowledged(through: target)
            try CursorFile.write(cursor, directory: directory)
        }
        state.cursor = cursor
        // Deleting after the cursor is durable: a crash in between leaves acknowledged segments
        // that the next open removes.
        try removeAcknowledged(through: target)
    }

    /// Moves the spool's sequence past `sequence`, when the backend has committed more than this
    /// spool ever wrote: the spool was deleted or restored from a backup while the collector kept
    /// its identity. Every record up to `sequence` is treated as acknowledged (the backend would
    /// take them for replays of what it already stored), and the next record carries
    /// `sequence + 1`, so that new samples are not mistaken for replays. Does nothing when
    /// `sequence` is not above the last sequence written.
    ///
    /// - Returns: how many records the spool held at or below `sequence` (acknowledged unsent).
    /// - Throws: as `acknowledge(through:)`. An `append` racing with this may fail with
    ///   `sequenceMismatch`; framing the batch again with `nextSequence` succeeds.
    @discardableResult
    public func skipSequences(through sequence: UInt64) throws(SpoolError) -> UInt64 {
        var resumes = PendingResumes()
        defer { resumes.resumeAll() }
        monitor.lock()
        defer { monitor.unlock() }
        try checkUsable()
        guard sequence > state.lastSequence else { return 0 }
        let held = state.hasRecords ? state.lastSequence - max(state.cursor.acknowledged, (state.firstSequence ?? 1) - 1) : 0
        // Records of one segment are contiguous: the next one starts a new segment.
        try sealActive(&resumes)
        var cursor = state.cursor
        cursor.acknowledged = sequence
        try CursorFile.write(cursor, directory: directory)
        state.cursor = cursor
        state.lastSequence = sequence
        publishDurable(sequence, &resumes)
        try removeAcknowledged(through: sequence)
        return held
    }

    private func removeAcknowledged(through target: UInt64) throws(SpoolError) {
        while let oldest = state.sealed.first, oldest.lastSequence <= target {
            try Directory.remove(oldest.path)
            try Directory.remove(oldest.indexPath)
            state.sealed.removeFirst()
            state.diskBytes -= oldest.diskBytes
        }
        monitor.broadcast(Spool.spaceFreed)
    }

    /// The persisted cursor: acknowledged sequence and dropped counts.
    public var cursor: CursorState { monitor.withLock { state.cursor } }
}
