import Glibc
import WireProtocol

/// Brings a spool directory to a consistent state when it is opened (SPOOL.md section 7).
///
/// Sealed segments are trusted from their seal trailer; only segments without a valid trailer
/// (normally just the last one, after a crash) are read record by record. Every segment that was
/// read is truncated to its valid end and sealed, so appends always start a new segment.
struct SpoolRecovery {
    let directory: String
    let options: SpoolOptions
    var report = RecoveryReport()

    struct Outcome {
        var segments: [SegmentInfo]
        var cursor: CursorState
        var report: RecoveryReport
    }

    init(directory: String, options: SpoolOptions) {
        self.directory = directory
        self.options = options
    }

    mutating func run() throws(SpoolError) -> Outcome {
        let started = monotonicNanos()
        let listing = try SpoolDirectoryScan(directory: directory)
        for name in listing.temporaryNames {
            try Directory.remove(directory + "/" + name)
        }
        let firstSequences = listing.segments.map(\.firstSequence)
        for name in listing.orphanIndexNames {
            try Directory.remove(directory + "/" + name)
        }

        let cursor = try readCursor(segmentsExist: !firstSequences.isEmpty)
        var segments: [SegmentInfo] = []
        for first in firstSequences {
            guard var info = try recoverSegment(first) else { continue }
            if let previous = segments.last {
                if info.firstSequence <= previous.lastSequence {
                    report.problems.append(SpoolError(.sequenceBreak, path: info.path, offset: 0,
                                                      "segment starts at \(info.firstSequence) but the previous one ends at \(previous.lastSequence); segment removed"))
                    try removeSegment(info)
                    continue
                }
                if info.firstSequence > previous.lastSequence + 1 {
                    report.problems.append(SpoolError(.missingRecords, path: info.path, offset: 0,
                                                      "sequences \(previous.lastSequence + 1) through \(info.firstSequence - 1) are missing before this segment"))
                }
            }
            info.indexBytes = Directory.fileSize(info.indexPath) ?? 0
            segments.append(info)
        }

        // A crash between persisting the cursor and unlinking a segment leaves segments that are
        // already acknowledged or counted as dropped; remove them without counting them again.
        let gone = max(cursor.acknowledged, cursor.droppedThrough)
        while let first = segments.first, first.lastSequence <= gone {
            try removeSegment(first)
            segments.removeFirst()
        }
        try Directory.sync(directory)
        report.durationNanos = monotonicNanos() - started
        return Outcome(segments: segments, cursor: cursor, report: report)
    }

    private mutating func readCursor(segmentsExist: Bool) throws(SpoolError) -> CursorState {
        let path = directory + "/" + CursorState.fileName
        switch try CursorState.read(directory: directory) {
        case .present(let state):
            return state
        case .missing:
            if segmentsExist {
                report.problems.append(SpoolError(.cursorMissing, path: path, "no cursor file; every record on disk is treated as unacknowledged"))
            }
        case .damaged(let problem):
            report.problems.append(SpoolError(.cursorCorrupt, path: path, offset: 0,
                                              "\(problem.detail); reset: every record on disk is treated as unacknowledged and dropped counts restart at 0"))
        }
        let fresh = CursorState()
        try CursorFile.write(fresh, directory: directory)
        return fresh
    }

    /// The segment's state after repair, or nil when it held no record and was removed.
    private mutating func recoverSegment(_ first: UInt64) throws(SpoolError) -> SegmentInfo? {
        var info = SegmentInfo(directory: directory, firstSequence: first, bytes: 0, newestMicros: 0)
        let file = try SpoolFile.open(info.path, flags: O_RDWR)
        let size = try file.size()
        info.bytes = size
        info.newestMicros = modificationMicros(file) ?? nowMicrosSince2000()
        if let trailer = try trustedTrailer(file: file, info: info, size: size) {
            info.lastSequence = trailer.lastSequence
            info.sampleTotal = trailer.sampleTotal
            report.segmentsTrusted += 1
            return info
        }

        report.segmentsScanned += 1
        let scan = try SegmentRepairScan(file: file, firstSequence: first, limits: options.limits).scan()
        report.problems.append(contentsOf: scan.problems)
        report.recordsSkipped += scan.badPayloadSequences.count
        if scan.recordCount == 0 {
            report.bytesTruncated += max(0, size - Int64(SegmentHeader.size))
            try removeSegment(info)
            return nil
        }
        if scan.validEnd < size {
            report.bytesTruncated += size - scan.validEnd
            try file.truncate(to: scan.validEnd)
        }
        if scan.header == nil {
            // Records are intact but the header is not: rewrite it so that readers and pga-dump
            // can trust it again. The records themselves are untouched.
            let header = SegmentHeader(firstSequence: first, createdMicros: info.newestMicros)
            try file.write(header.encoded, at: 0)
        }
        try file.dataSync()
        info.bytes = scan.validEnd
        info.lastSequence = first + scan.recordCount - 1
        try rebuildIndex(&info)
        return info
    }

    private func trustedTrailer(file: SpoolFile, info: SegmentInfo, size: Int64) throws(SpoolError) -> SealTrailer? {
        guard let indexSize = Directory.fileSize(info.indexPath), indexSize >= Int64(SegmentIndex.trailerSize) else { return nil }
        let header = try file.read(count: SegmentHeader.size, at: 0)
        guard case .success(let parsed) = SegmentHeader.parse(header),
              parsed.firstSequence == info.firstSequence else { return nil }
        let index = try SpoolFile.open(info.indexPath, flags: O_RDONLY)
        let tail = try index.read(count: SegmentIndex.trailerSize, at: indexSize - Int64(SegmentIndex.trailerSize))
        guard let trailer = SegmentIndex.parseTrailer(tail),
              trailer.segmentBytes == size, trailer.lastSequence >= info.firstSequence,
              trailer.recordCount == trailer.lastSequence - info.firstSequence + 1 else { return nil }
        return trailer
    }

    /// Rewrites a scanned segment's index from its intact entries and seals it. Records whose
    /// entry never reached the disk get 0 samples, reported as `samplesUnknown`.
    private mutating func rebuildIndex(_ info: inout SegmentInfo) throws(SpoolError) {
        let count = Int(info.recordCount)
        var samples = [UInt32](repeating: 0, count: count)
        var known = 0
        if let index = try? SpoolFile.open(info.indexPath, flags: O_RDONLY) {
            let entries = SegmentIndex.entries(try index.read(count: count * SegmentIndex.entrySize, at: 0))
            while known < count, known < entries.count, let entry = entries[known],
                  entry.sequence == info.firstSequence + UInt64(known) {
                samples[known] = entry.samples
                known += 1
            }
        }
        if known < count {
            report.problems.append(SpoolError(.samplesUnknown, path: info.indexPath, offset: Int64(known * SegmentIndex.entrySize),
                                              "\(count - known) records from sequence \(info.firstSequence + UInt64(known)) have no index entry; counted as 0 samples"))
        }
        var out = [UInt8]()
        out.reserveCapacity(count * SegmentIndex.entrySize + SegmentIndex.trailerSize)
        var total: UInt64 = 0
        for i in 0..<count {
            SegmentIndex.appendEntry(sequence: info.firstSequence + UInt64(i), samples: samples[i], to: &out)
            total += UInt64(samples[i])
        }
        info.sampleTotal = total
        out += SegmentIndex.encodeTrailer(SealTrailer(segmentBytes: info.bytes, lastSequence: info.lastSequence,
                                                   recordCount: info.recordCount, sampleTotal: total))
        let index = try SpoolFile.open(info.indexPath, flags: O_RDWR | O_CREAT)
        try index.write(out, at: 0)
        try index.truncate(to: Int64(out.count))
        try index.dataSync()
        info.indexBytes = Int64(out.count)
    }

    private mutating func removeSegment(_ info: SegmentInfo) throws(SpoolError) {
        try Directory.remove(info.path)
        try Directory.remove(info.indexPath)
        report.segmentsRemoved += 1
    }

    private func modificationMicros(_ file: SpoolFile) -> Int64? {
        var st = stat()
        guard fstat(file.fd, &st) == 0 else { return nil }
        let unixMicros = Int64(st.st_mtim.tv_sec) * 1_000_000 + Int64(st.st_mtim.tv_nsec) / 1000
        return unixMicros - 946_684_800 * 1_000_000
    }
}
