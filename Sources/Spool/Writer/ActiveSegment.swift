/// The segment being appended to. Only touched with the spool's monitor held, except that the
/// sync thread may call fdatasync on `file` without it.
final class ActiveSegment: @unchecked Sendable {
    var info: SegmentInfo
    let file: SpoolFile
    let index: SpoolFile
    /// End of the last record written.
    var writeOffset: Int64
    /// End of the last record known to be durable; readers stop here.
    var durableOffset: Int64
    /// Index entries not yet written to the index file.
    var pendingIndex: [UInt8] = []
    /// Where the next index entry goes in the index file.
    var indexOffset: Int64 = 0

    init(info: SegmentInfo, file: SpoolFile, index: SpoolFile) {
        self.info = info
        self.file = file
        self.index = index
        self.writeOffset = Int64(SegmentHeader.size)
        self.durableOffset = Int64(SegmentHeader.size)
    }

    var hasRecords: Bool { info.lastSequence >= info.firstSequence }

    /// Writes pending index entries. The index is not synced here: it is advisory until the
    /// segment is sealed, and recovery rebuilds what a crash lost.
    func flushIndex() throws(SpoolError) {
        guard !pendingIndex.isEmpty else { return }
        try index.write(pendingIndex, at: indexOffset)
        indexOffset += Int64(pendingIndex.count)
        pendingIndex.removeAll(keepingCapacity: true)
    }
}
