/// A snapshot of the spool's positions and counters, for HELLO (PROTOCOL.md section 6.1),
/// metrics and logs.
public struct SpoolStats: Hashable, Sendable {
    /// Oldest sequence on disk, or nil when the spool holds no record.
    public var firstSequence: UInt64?
    /// Highest sequence written (or known acknowledged when the spool is empty); 0 when none.
    public var lastSequence: UInt64
    /// Every record up to this sequence is durable.
    public var durableSequence: UInt64
    /// Highest sequence acknowledged by the backend.
    public var acknowledged: UInt64
    /// Lowest unacknowledged sequence on disk, 0 when there is none (HELLO's first unacknowledged).
    public var firstUnacknowledged: UInt64
    /// Unacknowledged records discarded by the bounds or a full disk since the spool was created.
    public var droppedRecords: UInt64
    /// Samples in those records.
    public var droppedSamples: UInt64
    /// Bytes of segment and index files.
    public var diskBytes: Int64
    /// Segment files, including the one being written.
    public var segmentCount: Int
}
