import Glibc
import WireProtocol

/// Walks the records of one segment file (SPOOL.md section 4), read-only: a scanner made with
/// `init(path:limits:expected:)` opens the file `O_RDONLY`, takes no lock and never writes.
///
/// Each step checks the next record header (PROTOCOL.md section 3.1, steps 2–7), its sequence
/// against the expected one, and that the record fits in the file. A record that passes is
/// yielded and the scanner moves past it; a problem is yielded where it was found and the
/// scanner stays there, so the caller decides what follows: stop (the spool's recovery cuts the
/// segment off), accept a new sequence (`expected`), or search on (`resynchronize(after:size:)`).
///
/// Every read is limited to a caller-given `size`, so a file that a writer is appending to can
/// be followed: bytes past `size` are never looked at.
public struct SegmentScanner {
    /// One step of the walk.
    public enum Step: Sendable {
        /// An intact record header and all of the record's bytes; the scanner moved past it.
        case record(SegmentRecordLocation)
        /// Something that is not a whole record with the expected sequence; the scanner did not move.
        case problem(SegmentProblem)
        /// `size` reached after a whole record (or after the segment header).
        case end
    }

    /// The segment file.
    public let path: String
    /// The receiver limits record headers are checked against.
    public let limits: Limits
    /// Where the next record starts.
    public internal(set) var offset: Int64
    /// The sequence the next record must carry; nil to accept any.
    public var expected: UInt64?
    let reader: BufferedFileReader

    /// Opens the segment at `path` read-only, positioned at its first record.
    /// - Parameter expected: the first record's sequence (normally from the file name), or nil.
    /// - Throws: `io` when the file cannot be opened (`systemCall` is `open`).
    public init(path: String, limits: Limits = .default, expected: UInt64?) throws(SpoolError) {
        self.init(file: try SpoolFile.open(path, flags: O_RDONLY), limits: limits, expected: expected)
    }

    init(file: SpoolFile, limits: Limits, expected: UInt64?, chunk: Int = 1 << 20) {
        self.path = file.path
        self.limits = limits
        self.offset = Int64(SegmentHeader.size)
        self.expected = expected
        self.reader = BufferedFileReader(file: file, chunk: chunk)
    }

    /// The file's current size in bytes.
    public func size() throws(SpoolError) -> Int64 { try reader.file.size() }

    /// Up to `count` bytes at `offset`, fewer only at the end of the file; read directly, not buffered.
    public func bytes(at offset: Int64, count: Int) throws(SpoolError) -> [UInt8] {
        try reader.file.read(count: count, at: offset)
    }

    /// The segment header, checked (`SegmentHeader.parse(_:)`).
    public func header() throws(SpoolError) -> Result<SegmentHeader, SegmentHeaderProblem> {
        SegmentHeader.parse(try bytes(at: 0, count: SegmentHeader.size))
    }

    /// The next step, reading no further than `size` bytes into the file.
    public mutating func next(size: Int64) throws(SpoolError) -> Step {
        let step = try examine(at: offset, expected: expected, size: size)
        if case .record(let record) = step {
            offset = record.end
            expected = record.sequence + 1
        }
        return step
    }

    /// What starts at `offset`, without moving: the step `next(size:)` would take from there.
    public func examine(at offset: Int64, expected: UInt64?, size: Int64) throws(SpoolError) -> Step {
        guard offset < size else { return .end }
        let remaining = size - offset
        let path = path, limits = limits
        func problem(_ kind: SegmentProblem.Kind) -> Step {
            .problem(SegmentProblem(kind: kind, path: path, offset: offset, remaining: remaining))
        }
        let parsed = try reader.withBytes(at: offset, count: FrameHeader.size, limit: size) { (raw) -> HeaderRead in
            if raw.allSatisfy({ $0 == 0 }) { return .problem(.zeroed) }
            if raw.count < FrameHeader.size { return .problem(.truncatedHeader(available: raw.count)) }
            do throws(WireError) {
                return .intact(try FrameHeader.parse(raw, limits: limits))
            } catch {
                return .problem(.corruptHeader(error))
            }
        }
        let header: FrameHeader
        switch parsed {
        case .problem(let kind): return problem(kind)
        case .intact(let intact): header = intact
        }
        if let expected, header.sequence != expected { return problem(.sequenceBreak(header, expected: expected)) }
        guard Int64(header.frameLength) <= remaining else { return problem(.truncatedRecord(header, available: remaining)) }
        return .record(SegmentRecordLocation(offset: offset, header: header))
    }

    private enum HeaderRead {
        case intact(FrameHeader)
        case problem(SegmentProblem.Kind)
    }

    /// The whole record, header and payload, exactly as stored.
    public func recordBytes(_ record: SegmentRecordLocation, size: Int64) throws(SpoolError) -> [UInt8] {
        try reader.withBytes(at: record.offset, count: record.header.frameLength, limit: size) { Array($0) }
    }

    /// Whether the record's payload matches the payload CRC in its header.
    public func payloadMatches(_ record: SegmentRecordLocation, size: Int64) throws(SpoolError) -> Bool {
        let crc = try reader.withBytes(at: record.offset + Int64(FrameHeader.size), count: Int(record.header.payloadLength),
                                       limit: size) { CRC32C.checksum($0) }
        return crc == record.header.payloadCRC
    }
}
