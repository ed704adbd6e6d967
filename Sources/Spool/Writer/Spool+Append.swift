import WireProtocol

extension Spool {
    /// Appends one record: a whole frame as `Frame.bytes` produces it, carrying the next
    /// sequence. Returns the sequence.
    ///
    /// With `.always` this returns only once an fdatasync covers the record; with the other
    /// policies the record is written to the file and `waitDurable` tells when it is durable.
    /// When full, `.dropOldest` deletes the oldest segments; `.block` waits up to its limit.
    /// - Parameter samples: the rows in the record, counted if the record is ever dropped.
    /// - Throws: `invalidRecord`, `sequenceMismatch`, `recordTooLarge`, `spoolFull`,
    ///   `diskFull`, `syncFailed`, `io`, `closed`.
    @discardableResult
    public func append(_ frame: UnsafeRawBufferPointer, samples: Int) throws(SpoolError) -> UInt64 {
        let sequence = try write(frame, samples: samples)
        if case .always = options.fsync { try waitDurable(sequence) }
        return sequence
    }

    /// Appends one record; see `append(_:samples:)`.
    @discardableResult
    public func append(_ frame: [UInt8], samples: Int) throws(SpoolError) -> UInt64 {
        try frame.withUnsafeBytes { raw in Result { () throws(SpoolError) -> UInt64 in try append(raw, samples: samples) } }.get()
    }

    /// Appends one record, suspending instead of blocking while it becomes durable under
    /// `.always`. A `.block` full policy still waits on the calling thread.
    @discardableResult
    public func append(_ frame: [UInt8], samples: Int) async throws(SpoolError) -> UInt64 {
        let sequence = try frame.withUnsafeBytes { raw in Result { () throws(SpoolError) -> UInt64 in try write(raw, samples: samples) } }.get()
        if case .always = options.fsync { try await waitDurable(sequence) }
        return sequence
    }

    /// Writes a record to the file without waiting for durability, and returns its sequence.
    @discardableResult
    public func write(_ frame: UnsafeRawBufferPointer, samples: Int) throws(SpoolError) -> UInt64 {
        let header = try validate(frame)
        var resumes = PendingResumes()
        defer { resumes.resumeAll() }
        monitor.lock()
        defer { monitor.unlock() }
        try checkUsable()
        try checkSequence(header.sequence)
        let sequence = header.sequence
        let length = Int64(frame.count)
        let overhead = Int64(SegmentHeader.size + SegmentIndex.entrySize + SegmentIndex.trailerSize)
        guard (length + overhead) * 2 <= options.maxBytes else {
            throw SpoolError(.recordTooLarge, path: directory, "a \(length)-byte record cannot fit twice within maxBytes \(options.maxBytes)")
        }
        if options.maxAgeSeconds != nil { try applyAgeBound(&resumes) }
        try makeRoom(for: length + overhead, &resumes)
        // Checked after making room: a `.block` wait releases the monitor, and another append
        // may have taken this sequence meanwhile.
        try checkUsable()
        try checkSequence(header.sequence)
        while true {
            do throws(SpoolError) {
                let active = try activeSegment(for: sequence, length: length, &resumes)
                try active.file.write(frame, at: active.writeOffset)
                active.writeOffset += length
                active.info.bytes = active.writeOffset
                active.info.lastSequence = sequence
                active.info.sampleTotal += UInt64(samples)
                active.info.newestMicros = nowMicrosSince2000()
                SegmentIndex.appendEntry(sequence: sequence, samples: UInt32(clamping: samples), to: &active.pendingIndex)
                active.info.indexBytes += Int64(SegmentIndex.entrySize)
                state.diskBytes += length + Int64(SegmentIndex.entrySize)
                state.lastSequence = sequence
                break
            } catch where error.code == .diskFull {
                try recoverFromDiskFull(error, &resumes)
            }
        }

        if case .never = options.fsync {
            let active = state.active!
            active.durableOffset = active.writeOffset
            if active.pendingIndex.count >= 4096 { try? active.flushIndex() }
            publishDurable(sequence, &resumes)
        } else {
            monitor.signal(Spool.syncWork)
        }
        return sequence
    }

    private func checkSequence(_ sequence: UInt64) throws(SpoolError) {
        if state.hasRecords {
            guard sequence == state.lastSequence + 1 else {
                throw SpoolError(.sequenceMismatch, path: directory, "record has sequence \(sequence); the next must be \(state.lastSequence + 1)")
            }
        } else {
            guard sequence > state.lastSequence else {
                throw SpoolError(.sequenceMismatch, path: directory, "record has sequence \(sequence); sequences up to \(state.lastSequence) are already used")
            }
        }
    }

    /// Checks that `frame` is exactly one frame whose header (and, if enabled, payload) passes
    /// its checks. The spool never looks inside the payload.
    private func validate(_ frame: UnsafeRawBufferPointer) throws(SpoolError) -> FrameHeader {
        let header: FrameHeader
        do {
            header = try FrameHeader.parse(frame, limits: options.limits)
        } catch {
            throw SpoolError(.invalidRecord, path: directory, "not a valid frame: \(error)")
        }
        guard header.frameLength == frame.count else {
            throw SpoolError(.invalidRecord, path: directory, "the header declares a \(header.frameLength)-byte frame but \(frame.count) bytes were given")
        }
        guard header.sequence >= 1 else {
            throw SpoolError(.invalidRecord, path: directory, "a spool record needs a sequence ≥ 1 (a BATCH frame)")
        }
        if options.verifyPayloadOnAppend {
            let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: frame[FrameHeader.size...]))
            guard crc == header.payloadCRC else {
                throw SpoolError(.invalidRecord, path: directory, "payload CRC-32C mismatch in record \(header.sequence)")
            }
        }
        return header
    }
}
