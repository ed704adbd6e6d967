import Glibc
import WireProtocol

/// Reads records in sequence order from a spool while it is being written, for the shipper.
///
/// It yields only durable records, verifying each one's header and payload CRC. A corrupt
/// record is skipped and listed in `problems` (DESIGN.md invariant 6); so are missing sequences
/// (a segment deleted by hand, or dropped by the size bound before it was read). A reader
/// belongs to one task or thread at a time.
public final class SpoolReader {
    public let spool: Spool
    /// The sequence the next record should have.
    public private(set) var nextSequence: UInt64
    /// Corruption and gaps met so far, each naming segment and offset.
    public private(set) var problems: [SpoolError] = []

    private var view: [ReadableSegment] = []
    private var position: Position?

    private struct Position {
        var segment: ReadableSegment
        let reader: BufferedFileReader
        var offset: Int64
        var sequence: UInt64
    }

    init(spool: Spool, from sequence: UInt64) {
        self.spool = spool
        self.nextSequence = max(1, sequence)
    }

    /// The next durable record, or nil when there is none yet. Never blocks on the writer.
    public func next() throws(SpoolError) -> SpoolRecord? {
        if let record = try nextInView() { return record }
        view = try spool.readView()
        return try nextInView()
    }

    /// The next durable record, waiting up to `timeoutMilliseconds` on this thread for one.
    public func next(timeoutMilliseconds: Int) throws(SpoolError) -> SpoolRecord? {
        let deadline = monotonicNanos() + UInt64(max(0, timeoutMilliseconds)) * 1_000_000
        while true {
            if let record = try next() { return record }
            let now = monotonicNanos()
            guard now < deadline else { return nil }
            guard try spool.waitDurable(nextSequence, timeoutMilliseconds: Int((deadline - now) / 1_000_000) + 1) else { return nil }
        }
    }

    /// The next durable record, suspending until there is one.
    /// - Throws: `closed` when the spool closes, `cancelled` when the task is cancelled.
    public func waitNext() async throws(SpoolError) -> SpoolRecord {
        while true {
            if let record = try next() { return record }
            try await spool.waitDurable(nextSequence)
        }
    }

    private func nextInView() throws(SpoolError) -> SpoolRecord? {
        while true {
            guard let segment = view.first(where: { $0.firstSequence <= nextSequence && nextSequence <= $0.lastSequence }) else {
                guard let later = view.first(where: { $0.firstSequence > nextSequence }) else { return nil }
                problems.append(SpoolError(.missingRecords, path: later.path, offset: 0,
                                           "sequences \(nextSequence) through \(later.firstSequence - 1) are not in the spool (dropped, acknowledged or deleted)"))
                nextSequence = later.firstSequence
                continue
            }
            guard var at = try positioned(in: segment) else {
                nextSequence = segment.lastSequence + 1
                continue
            }
            switch try readRecord(&at) {
            case .record(let record):
                position = at
                nextSequence += 1
                return record
            case .skipped:
                position = at
                nextSequence += 1
            case .segmentUnreadable:
                position = nil
                nextSequence = segment.lastSequence + 1
            }
        }
    }

    /// A position at `nextSequence` in `segment`, walking record headers from the start or from
    /// the current position.
    private func positioned(in segment: ReadableSegment) throws(SpoolError) -> Position? {
        var at: Position
        if let current = position, current.segment.path == segment.path, current.sequence <= nextSequence {
            at = current
            at.segment = segment
        } else {
            let file: SpoolFile
            do {
                file = try SpoolFile.open(segment.path, flags: O_RDONLY)
            } catch where error.errno == ENOENT {
                problems.append(SpoolError(.missingRecords, path: segment.path,
                                           "segment removed while reading; sequences \(nextSequence) through \(segment.lastSequence) skipped"))
                return nil
            }
            at = Position(segment: segment, reader: BufferedFileReader(file: file), offset: Int64(SegmentHeader.size),
                          sequence: segment.firstSequence)
        }
        while at.sequence < nextSequence {
            let header = try at.reader.withBytes(at: at.offset, count: FrameHeader.size, limit: segment.end) { raw in
                try? FrameHeader.parse(raw, limits: spool.options.limits)
            }
            guard let header, header.sequence == at.sequence else {
                problems.append(SpoolError(.corruptRecordHeader, path: segment.path, offset: at.offset,
                                           "record header fails its checks; sequences \(at.sequence) through \(segment.lastSequence) skipped"))
                position = nil
                return nil
            }
            at.offset += Int64(header.frameLength)
            at.sequence += 1
        }
        return at
    }

    private enum Outcome {
        case record(SpoolRecord)
        case skipped
        case segmentUnreadable
    }

    private func readRecord(_ at: inout Position) throws(SpoolError) -> Outcome {
        let path = at.segment.path
        let offset = at.offset
        let limits = spool.options.limits
        let end = at.segment.end
        let parsed = try at.reader.withBytes(at: offset, count: FrameHeader.size, limit: end) { raw in
            try? FrameHeader.parse(raw, limits: limits)
        }
        guard let header = parsed, header.sequence == at.sequence, offset + Int64(header.frameLength) <= end else {
            problems.append(SpoolError(.corruptRecordHeader, path: path, offset: offset,
                                       "record \(at.sequence): header fails its checks; sequences through \(at.segment.lastSequence) in this segment skipped"))
            return .segmentUnreadable
        }
        let bytes = try at.reader.withBytes(at: offset, count: header.frameLength, limit: end) { Array($0) }
        at.offset += Int64(header.frameLength)
        at.sequence += 1
        let crc = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[FrameHeader.size...])) }
        guard crc == header.payloadCRC else {
            problems.append(SpoolError(.badPayloadChecksum, path: path, offset: offset,
                                       "record \(header.sequence): payload CRC-32C mismatch; skipped"))
            return .skipped
        }
        return .record(SpoolRecord(header: header, bytes: bytes, segment: path, offset: offset))
    }
}
