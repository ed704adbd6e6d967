import Glibc
import Spool
import WireProtocol

/// Reads every segment of a spool (or the one segment PATH names) in sequence order and reports
/// each record and each damaged place, checking segment headers and sequence continuity within
/// and across segments. Read-only: files are opened `O_RDONLY` and nothing is repaired.
struct SpoolScanner {
    /// What the scan saw besides the records.
    struct Totals {
        var segmentNames: [String] = []
        /// Bytes of the segment files read.
        var segmentBytes: Int64 = 0
    }

    /// What the scan reports, in file order.
    enum Event {
        case record(DecodedRecord)
        case damage(Damage)
    }

    let input: SpoolInput
    let limits: Limits

    /// Scans everything, calling `visit` for each record and each damaged place.
    func run(_ visit: (Event) throws(DumpFailure) -> Void) throws(DumpFailure) -> Totals {
        var totals = Totals()
        var previousLast: UInt64?
        for path in try input.segmentPaths() {
            let name = baseName(path)
            var walker: SegmentWalker
            do {
                walker = try SegmentWalker(path: path, name: name, limits: limits, expected: SegmentName.firstSequence(ofSegment: name))
            } catch where input.kind == .directory && access(path, F_OK) != 0 {
                // Deleted between listing and opening: the writer removed an acknowledged segment.
                continue
            }
            let size = try walker.size()
            totals.segmentNames.append(name)
            totals.segmentBytes += size
            try checkSegment(&walker, size: size, previousLast: previousLast, visit)
            walk: while true {
                switch try walker.next(size: size) {
                case .record(let raw):
                    previousLast = raw.sequence
                    switch RecordDecoder.decode(raw, limits: limits) {
                    case .success(let record): try visit(.record(record))
                    case .failure(let damage): try visit(.damage(damage))
                    }
                case .damage(let damage):
                    try visit(.damage(damage))
                case .incomplete(let damage):
                    // The file ends inside this record: nothing follows it in this segment.
                    try visit(.damage(damage))
                    break walk
                case .end:
                    break walk
                }
            }
            if let expected = walker.expected { previousLast = expected - 1 }
        }
        return totals
    }

    /// Checks a segment's header and its place after the previous segment, and positions the
    /// walker's expected sequence at its first record.
    private func checkSegment(_ walker: inout SegmentWalker, size: Int64, previousLast: UInt64?,
                              _ visit: (Event) throws(DumpFailure) -> Void) throws(DumpFailure) {
        let name = walker.name
        let named = SegmentName.firstSequence(ofSegment: name)
        var first = named
        switch try walker.header() {
        case .success(let header):
            if let named, header.firstSequence != named {
                try visit(.damage(Damage(file: name, offset: 8, code: "segmentNameMismatch",
                                         "segment header says first sequence \(header.firstSequence), the file name says \(named)")))
            }
            first = first ?? header.firstSequence
        case .failure(let problem):
            try visit(.damage(Damage(file: name, offset: problem.offset, code: problem.code, headerDetail(problem))))
        }
        if let first, let previousLast, size > Int64(SegmentHeader.size) {
            if first > previousLast + 1 {
                try visit(.damage(Damage(file: name, offset: 0, code: "missingRecords",
                                         "sequences \(previousLast + 1) through \(first - 1) are in no segment: this segment starts at \(first), the previous one ends at \(previousLast)")))
            } else if first <= previousLast {
                try visit(.damage(Damage(file: name, offset: 0, code: "sequenceBreak",
                                         "this segment starts at \(first) but the previous one reaches \(previousLast)")))
            }
        }
        walker.expect(first)
    }

    /// The header problem's text, naming pga-dump as the reader for a version it does not know.
    private func headerDetail(_ problem: SegmentHeaderProblem) -> String {
        guard case .unsupportedVersion(let version) = problem.kind else { return problem.detail }
        return "segment format version \(version); pga-dump reads version \(SegmentHeader.currentVersion)"
    }
}
