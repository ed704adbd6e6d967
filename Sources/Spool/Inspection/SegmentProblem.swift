import WireProtocol

/// A place in a segment file where the next record cannot be taken as it stands, found by
/// `SegmentScanner`. What to do about it (cut off, skip, search on) is the caller's choice.
public struct SegmentProblem: Sendable {
    /// What was found where a record should start.
    public enum Kind: Sendable {
        /// The bytes where a record header should be are all zero (preallocated or lost pages,
        /// or a zero-filled tail); fewer than 32 when the file ends first.
        case zeroed
        /// The file ends this many bytes into a record header.
        case truncatedHeader(available: Int)
        /// The record header fails its checks (PROTOCOL.md section 3.1 steps 2–7), so its length
        /// cannot be trusted.
        case corruptHeader(WireError)
        /// An intact header whose sequence is not the expected one.
        case sequenceBreak(FrameHeader, expected: UInt64)
        /// An intact header whose record runs past the end of the file: a torn tail, or a
        /// record still being written. `available` bytes of it are present.
        case truncatedRecord(FrameHeader, available: Int64)
    }

    /// What was found.
    public var kind: Kind
    /// The segment file.
    public var path: String
    /// Where the record should start.
    public var offset: Int64
    /// Bytes from `offset` to the end of what was read.
    public var remaining: Int64
}

/// A record whose header passed its checks and whose bytes are all in the file. Its payload CRC
/// has not been checked (`SegmentScanner.payloadMatches(_:size:)`).
public struct SegmentRecordLocation: Sendable {
    /// Offset of the record's first byte in the segment file.
    public var offset: Int64
    /// The record's frame header, checked.
    public var header: FrameHeader

    /// The record's sequence.
    public var sequence: UInt64 { header.sequence }
    /// Header and payload bytes.
    public var length: Int64 { Int64(header.frameLength) }
    /// Where the next record starts.
    public var end: Int64 { offset + length }
}
