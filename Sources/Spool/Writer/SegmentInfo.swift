/// What the spool knows about one segment without reading it.
struct SegmentInfo: Sendable {
    var firstSequence: UInt64
    /// `firstSequence - 1` while the segment holds no record.
    var lastSequence: UInt64
    /// Size of the segment file.
    var bytes: Int64
    /// Size of the index file.
    var indexBytes: Int64
    /// Samples in the segment's records, as the appender reported them.
    var sampleTotal: UInt64
    /// When the newest record was written, microseconds since 2000-01-01 UTC.
    var newestMicros: Int64
    let path: String
    let indexPath: String

    init(directory: String, firstSequence: UInt64, bytes: Int64, newestMicros: Int64) {
        self.firstSequence = firstSequence
        self.lastSequence = firstSequence &- 1
        self.bytes = bytes
        self.indexBytes = 0
        self.sampleTotal = 0
        self.newestMicros = newestMicros
        self.path = directory + "/" + SegmentName.segment(firstSequence)
        self.indexPath = directory + "/" + SegmentName.index(firstSequence)
    }

    var recordCount: UInt64 { lastSequence &- firstSequence &+ 1 }
    var diskBytes: Int64 { bytes + indexBytes }
}
