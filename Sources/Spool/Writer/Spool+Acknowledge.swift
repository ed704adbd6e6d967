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
