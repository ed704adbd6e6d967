import Glibc

/// The size and age bounds, and the full disk. The monitor is held by the caller.
extension Spool {
    /// Frees space until `need` more bytes fit within `maxBytes`, by the full policy.
    func makeRoom(for need: Int64, _ resumes: inout PendingResumes) throws(SpoolError) {
        var deadline: UInt64?
        while state.diskBytes + need > options.maxBytes {
            switch options.fullPolicy {
            case .dropOldest:
                if try dropOldestSegment(&resumes) { continue }
                if let active = state.active, active.hasRecords {
                    try sealActive(&resumes)
                    continue
                }
                return
            case .block(let maxWait):
                let end = deadline ?? monotonicNanos() + UInt64(maxWait) * 1_000_000
                deadline = end
                if maxWait == 0 || !monitor.wait(Spool.spaceFreed, untilNanos: end) && monotonicNanos() >= end {
                    throw SpoolError(.spoolFull, path: directory,
                                     "the spool holds \(state.diskBytes) of \(options.maxBytes) bytes; \(need) more need acknowledgements to free space")
                }
                try checkUsable()
            }
        }
    }

    /// Drops sealed segments whose newest record is older than `maxAgeSeconds`.
    func applyAgeBound(_ resumes: inout PendingResumes) throws(SpoolError) {
        guard let age = options.maxAgeSeconds else { return }
        let cutoff = nowMicrosSince2000() - Int64(age) * 1_000_000
        while let oldest = state.sealed.first, oldest.newestMicros < cutoff {
            _ = try dropOldestSegment(&resumes)
        }
    }

    /// Handles ENOSPC from a write: the partial write is cut off, then `.dropOldest` frees the
    /// oldest segment so the caller can retry, and `.block` rethrows the typed error.
    func recoverFromDiskFull(_ error: SpoolError, _ resumes: inout PendingResumes) throws(SpoolError) {
        if let active = state.active { try? active.file.truncate(to: active.writeOffset) }
        guard case .dropOldest = options.fullPolicy else { throw error }
        if try dropOldestSegment(&resumes) { return }
        if let active = state.active, active.hasRecords {
            try sealActive(&resumes)
            if try dropOldestSegment(&resumes) { return }
        }
        throw error
    }

    /// Deletes the oldest sealed segment, first persisting the count of its unacknowledged
    /// records and samples as dropped. Returns false when there is no sealed segment.
    func dropOldestSegment(_ resumes: inout PendingResumes) throws(SpoolError) -> Bool {
        guard let victim = state.sealed.first else { return false }
        var cursor = state.cursor
        let acked = cursor.acknowledged
        if victim.lastSequence > acked {
            let from = max(victim.firstSequence, acked + 1)
            cursor.droppedRecords += victim.lastSequence - from + 1
            cursor.droppedSamples += from == victim.firstSequence ? victim.sampleTotal : samples(in: victim, from: from)
            cursor.droppedThrough = max(cursor.droppedThrough, victim.lastSequence)
        }
        if cursor != state.cursor {
            // Counts are persisted before the segment goes, and `droppedThrough` makes a repeat
            // after a crash idempotent. On a full disk the cursor cannot be written until space
            // is freed, so the segment goes first; a crash in between loses only its count.
            do throws(SpoolError) {
                try CursorFile.write(cursor, directory: directory)
                try removeSealed(victim)
            } catch where error.code == .diskFull {
                try removeSealed(victim)
                try? CursorFile.write(cursor, directory: directory)
            }
            state.cursor = cursor
        } else {
            try removeSealed(victim)
        }
        return true
    }

    private func removeSealed(_ info: SegmentInfo) throws(SpoolError) {
        try Directory.remove(info.path)
        try Directory.remove(info.indexPath)
        state.sealed.removeFirst()
        state.diskBytes -= info.diskBytes
        monitor.broadcast(Spool.spaceFreed)
    }

    /// Samples of the records from `from` on in a sealed segment, read from its index.
    private func samples(in info: SegmentInfo, from: UInt64) -> UInt64 {
        guard let index = try? SpoolFile.open(info.indexPath, flags: O_RDONLY),
              let bytes = try? index.read(count: Int(info.recordCount) * SegmentIndex.entrySize, at: 0) else { return 0 }
        var total: UInt64 = 0
        for case let entry? in SegmentIndex.entries(bytes) where entry.sequence >= from {
            total += UInt64(entry.samples)
        }
        return total
    }
}
