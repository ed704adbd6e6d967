import Glibc

/// Segment lifecycle: create, seal. The monitor is held by the caller.
extension Spool {
    /// The segment the next record of `length` bytes goes to, rotating when it would overflow.
    func activeSegment(for sequence: UInt64, length: Int64, _ resumes: inout PendingResumes) throws(SpoolError) -> ActiveSegment {
        if let active = state.active {
            if !active.hasRecords || active.writeOffset + length <= Int64(options.segmentBytes) { return active }
            try sealActive(&resumes)
        }
        return try createSegment(firstSequence: sequence)
    }

    private func createSegment(firstSequence: UInt64) throws(SpoolError) -> ActiveSegment {
        let info = SegmentInfo(directory: directory, firstSequence: firstSequence, bytes: Int64(SegmentHeader.size),
                               newestMicros: nowMicrosSince2000())
        let temporary = info.path + ".tmp"
        do {
            let index = try SpoolFile.open(info.indexPath, flags: O_RDWR | O_CREAT | O_TRUNC)
            // The segment appears under its name only with a complete header, so a crash during
            // creation leaves a `.tmp` file that recovery removes, never a headerless segment.
            let file = try SpoolFile.open(temporary, flags: O_RDWR | O_CREAT | O_TRUNC)
            try file.write(SegmentHeader(firstSequence: firstSequence, createdMicros: info.newestMicros).encoded, at: 0)
            if syncsData { try file.dataSync() }
            try Directory.rename(temporary, to: info.path)
            if syncsData {
                // The new name must be durable before any record in this segment is reported
                // durable: fdatasync of the file does not cover its directory entry.
                try Directory.sync(directory)
            }
            let active = ActiveSegment(info: info, file: file, index: index)
            state.active = active
            state.diskBytes += Int64(SegmentHeader.size)
            return active
        } catch {
            try? Directory.remove(temporary)
            try? Directory.remove(info.path)
            try? Directory.remove(info.indexPath)
            throw error
        }
    }

    /// Makes the active segment durable, writes its seal trailer and moves it to `sealed`.
    func sealActive(_ resumes: inout PendingResumes) throws(SpoolError) {
        guard let active = state.active else { return }
        guard active.hasRecords else {
            state.active = nil
            try Directory.remove(active.info.path)
            try Directory.remove(active.info.indexPath)
            state.diskBytes -= active.info.diskBytes
            return
        }
        if syncsData {
            do throws(SpoolError) {
                try active.file.dataSync()
            } catch {
                fail(error, &resumes)
                throw error
            }
        }
        var info = active.info
        // The trailer only lets the next open skip reading this segment. If it cannot be
        // written (a full disk), recovery reads the segment instead; the records are safe.
        let trailer = SegmentIndex.encodeTrailer(SealTrailer(segmentBytes: info.bytes, lastSequence: info.lastSequence,
                                                          recordCount: info.recordCount, sampleTotal: info.sampleTotal))
        if (try? active.flushIndex()) != nil, (try? active.index.write(trailer, at: active.indexOffset)) != nil {
            if syncsData { try? active.index.dataSync() }
            info.indexBytes = active.indexOffset + Int64(trailer.count)
            state.diskBytes += Int64(trailer.count)
        }
        state.active = nil
        state.sealed.append(info)
        active.durableOffset = active.writeOffset
        publishDurable(info.lastSequence, &resumes)
    }

    var syncsData: Bool {
        if case .never = options.fsync { return false }
        return true
    }
}
