/// What a reader may read: every segment with the part of it that is durable.
struct ReadableSegment: Sendable {
    let firstSequence: UInt64
    /// The last durable record in the segment.
    let lastSequence: UInt64
    /// End of that record.
    let end: Int64
    let path: String
}

extension Spool {
    func readView() throws(SpoolError) -> [ReadableSegment] {
        try monitor.withLock { () throws(SpoolError) -> [ReadableSegment] in
            if let failure = state.failure { throw failure }
            var segments = state.sealed.map {
                ReadableSegment(firstSequence: $0.firstSequence, lastSequence: $0.lastSequence, end: $0.bytes, path: $0.path)
            }
            if let active = state.active, active.hasRecords, state.durableSequence >= active.info.firstSequence {
                segments.append(ReadableSegment(
                    firstSequence: active.info.firstSequence,
                    lastSequence: min(state.durableSequence, active.info.lastSequence),
                    end: active.durableOffset, path: active.info.path))
            }
            return segments
        }
    }

    /// A reader that yields records from `sequence` on (by default, the first unacknowledged
    /// one), tailing the writer.
    public func reader(from sequence: UInt64? = nil) -> SpoolReader {
        let start = sequence ?? monitor.withLock { max(state.cursor.acknowledged + 1, state.firstSequence ?? 0) }
        return SpoolReader(spool: self, from: start)
    }
}
