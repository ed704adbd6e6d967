import Glibc
import Spool
import WireProtocol

/// Tails a spool that a collector is writing, like `tail -f`: each poll yields the records
/// appended since the last one, moving to the next segment when the writer rotates.
///
/// A record can be seen half-written, so a check that fails at the end of the newest segment is
/// retried on later polls and reported as damage only when the file stops changing or a newer
/// segment has started.
struct SpoolFollower {
    let input: SpoolInput
    let limits: Limits
    private var walker: SegmentWalker?
    /// Where a check failed, how big the file was then, and how many polls saw the same.
    private var suspect: (offset: Int64, size: Int64, polls: Int)?
    /// Polls a failing check is retried before it counts as damage.
    static let settlePolls = 5

    init(input: SpoolInput, limits: Limits) {
        self.input = input
        self.limits = limits
    }

    /// Positions the follower after the last whole record on disk now.
    mutating func skipExisting() throws(DumpFailure) {
        guard let last = try segmentNames().last else { return }
        var candidate = try open(last, expected: nil)
        let size = try candidate.size()
        scan: while true {
            let before = candidate
            switch try candidate.next(size: size) {
            case .record, .damage: continue scan
            case .incomplete: candidate = before
            case .end: break
            }
            break scan
        }
        walker = candidate
    }

    /// Reads what was appended since the last poll.
    mutating func poll(_ visit: (SpoolScanner.Event) -> Void) throws(DumpFailure) {
        while true {
            if walker == nil {
                guard let first = try segmentNames().first else { return }
                walker = try open(first, expected: nil)
            }
            var current = walker!
            let size = try current.size()
            let before = current
            let step = try current.next(size: size)
            switch step {
            case .record(let raw):
                walker = current
                suspect = nil
                switch RecordDecoder.decode(raw, limits: limits) {
                case .success(let record): visit(.record(record))
                case .failure(let damage): visit(.damage(damage))
                }
            case .damage(let damage), .incomplete(let damage):
                let next = try nextSegment(after: before)
                if next == nil, !settled(at: before.offset, size: size) { return }
                visit(.damage(damage))
                if case .damage = step {
                    walker = current
                    suspect = nil
                    continue
                }
                // A torn tail with no newer segment: reported once, then waited on, since the
                // writer may still complete it.
                guard let next else { return }
                suspect = nil
                walker = try open(next, expected: before.expected)
            case .end:
                guard let next = try nextSegment(after: before) else { return }
                walker = try open(next, expected: before.expected)
            }
        }
    }

    /// Whether a failing check at `offset` has now looked the same for `settlePolls` polls;
    /// true exactly once for one offset and file size.
    private mutating func settled(at offset: Int64, size: Int64) -> Bool {
        if let previous = suspect, previous.offset == offset, previous.size == size {
            suspect!.polls += 1
        } else {
            suspect = (offset, size, 1)
        }
        return suspect!.polls == Self.settlePolls
    }

    /// The segment after the one `walker` reads, if the writer has started one.
    private func nextSegment(after walker: SegmentWalker) throws(DumpFailure) -> String? {
        guard input.kind == .directory else { return nil }
        return try segmentNames().first { $0 > walker.name }
    }

    private func segmentNames() throws(DumpFailure) -> [String] {
        try input.segmentPaths().map(baseName)
    }

    private func open(_ name: String, expected: UInt64?) throws(DumpFailure) -> SegmentWalker {
        let path = input.kind == .directory ? input.directory + "/" + name : input.path
        return try SegmentWalker(path: path, name: name, limits: limits,
                                 expected: SegmentName.firstSequence(ofSegment: name) ?? expected)
    }
}
