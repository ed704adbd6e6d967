/// Why a segment header was rejected: which check failed, at which byte offset of the header.
public struct SegmentHeaderProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The check that failed, in the order `SegmentHeader.parse` applies them.
    public enum Kind: Hashable, Sendable {
        /// Fewer than 32 bytes.
        case truncated
        /// The first four bytes are not `PGSG`.
        case badMagic
        /// The header CRC does not match bytes 0–27.
        case checksumMismatch
        /// A format version this build does not read (the version byte is given).
        case unsupportedVersion(UInt8)
        /// A reserved byte is not zero.
        case reservedNotZero
    }

    /// The check that failed.
    public var kind: Kind
    /// Offset of the failing field within the segment file.
    public var offset: Int64
    /// What exactly is wrong, for people.
    public var detail: String

    init(_ kind: Kind, offset: Int64, _ detail: String) {
        self.kind = kind
        self.offset = offset
        self.detail = detail
    }

    /// A stable name for the check that failed: `truncatedSegmentHeader`, `badSegmentMagic`,
    /// `segmentHeaderChecksumMismatch`, `unsupportedSegmentVersion` or `reservedBitsSet`.
    public var code: String {
        switch kind {
        case .truncated: "truncatedSegmentHeader"
        case .badMagic: "badSegmentMagic"
        case .checksumMismatch: "segmentHeaderChecksumMismatch"
        case .unsupportedVersion: "unsupportedSegmentVersion"
        case .reservedNotZero: "reservedBitsSet"
        }
    }

    /// `code at offset N: detail`.
    public var description: String { "\(code) at offset \(offset): \(detail)" }
}
