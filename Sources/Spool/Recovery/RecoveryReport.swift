/// What opening a spool found and repaired. Opening never fails because of corruption: each
/// problem is repaired (by truncation, skipping or reset) and listed here.
public struct RecoveryReport: Sendable {
    /// Every problem found, each naming the file and offset.
    public var problems: [SpoolError] = []
    /// Sealed segments trusted from their seal trailer without being read.
    public var segmentsTrusted = 0
    /// Segments read record by record (the last one, and any that was not sealed).
    public var segmentsScanned = 0
    /// Bytes cut off torn, zero-filled or corrupt segment tails.
    public var bytesTruncated: Int64 = 0
    /// Records kept in place but skipped because their payload CRC fails.
    public var recordsSkipped = 0
    /// Segments removed: empty, fully acknowledged or dropped before a crash, or unreadable.
    public var segmentsRemoved = 0
    /// Wall time spent opening, in nanoseconds.
    public var durationNanos: UInt64 = 0

    public init() {}

    /// The problems with a given code.
    public func problems(_ code: SpoolError.Code) -> [SpoolError] { problems.filter { $0.code == code } }
}
