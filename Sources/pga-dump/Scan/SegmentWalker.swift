import Spool
import WireProtocol

/// Walks the records of one segment file, one step at a time, with the Spool module's read-only
/// `SegmentScanner`, and says what it finds in pga-dump's terms.
///
/// Every record header is checked (PROTOCOL.md section 3.1, steps 1–7) and so is sequence
/// continuity. A header that fails its checks cannot be trusted for its length, so the walker
/// searches forward for the next intact header and carries on from there, so that one flipped
/// bit does not hide the rest of the segment. Payload checks are `RecordDecoder`'s.
struct SegmentWalker {
    /// One step of the walk.
    enum Step {
        /// A record whose header is intact and whose bytes are all present.
        case record(RawRecord)
        /// Damage; the walk goes on after it.
        case damage(Damage)
        /// The file ends inside a record: a torn tail, or a record still being written.
        case incomplete(Damage)
        /// The file ends after a whole record (or after the segment header).
        case end
    }

    private(set) var scanner: SegmentScanner
    /// The segment file's name, for damage reports.
    let name: String

    /// Opens the segment at `path` read-only.
    init(path: String, name: String, limits: Limits, expected: UInt64?) throws(DumpFailure) {
        scanner = try DumpFailure.reading { () throws(SpoolError) in try SegmentScanner(path: path, limits: limits, expected: expected) }
        self.name = name
    }

    /// Where the next record starts.
    var offset: Int64 { scanner.offset }
    /// The sequence the next record must carry; nil until known.
    var expected: UInt64? { scanner.expected }

    /// Sets the sequence the next record must carry (nil: any).
    mutating func expect(_ sequence: UInt64?) {
        scanner.expected = sequence
    }

    /// The segment file's current size.
    func size() throws(DumpFailure) -> Int64 {
        try DumpFailure.reading { () throws(SpoolError) in try scanner.size() }
    }

    /// The segment header, checked.
    func header() throws(DumpFailure) -> Result<SegmentHeader, SegmentHeaderProblem> {
        try DumpFailure.reading { () throws(SpoolError) in try scanner.header() }
    }

    /// The next step, reading no further than `size` bytes into the file.
    mutating func next(size: Int64) throws(DumpFailure) -> Step {
        try DumpFailure.reading { () throws(SpoolError) in try step(size: size) }
    }

    private mutating func step(size: Int64) throws(SpoolError) -> Step {
        switch try scanner.next(size: size) {
        case .end:
            return .end
        case .record(let location):
            return .record(RawRecord(segment: name, offset: location.offset, header: location.header,
                                     bytes: try scanner.recordBytes(location, size: size)))
        case .problem(let problem):
            return try damage(problem, size: size)
        }
    }

    private mutating func damage(_ problem: SegmentProblem, size: Int64) throws(SpoolError) -> Step {
        let at = problem.offset
        switch problem.kind {
        case .zeroed:
            return .damage(try zeroedRegion(at: at, size: size))
        case .truncatedHeader(let available):
            let error = WireError(.truncatedHeader, offset: available,
                                  "the segment ends \(available) bytes into a record header of \(FrameHeader.size)")
            return .incomplete(Damage(file: name, offset: at, error))
        case .corruptHeader(let error):
            var damage = Damage(file: name, offset: at, error)
            damage.detail += try resynchronize(after: at, size: size)
            return .damage(damage)
        case .sequenceBreak(let header, let expected):
            scanner.expected = header.sequence
            let what = header.sequence > expected
                ? "sequences \(expected) through \(header.sequence - 1) are missing"
                : "the sequence went back from \(expected - 1)"
            return .damage(Damage(file: name, offset: at, sequence: header.sequence, code: "sequenceBreak",
                                  "record has sequence \(header.sequence), expected \(expected): \(what)"))
        case .truncatedRecord(let header, let available):
            let error = WireError(.truncatedPayload, offset: Int(available),
                                  "the record needs \(header.frameLength) bytes, the segment ends after \(available)")
            return .incomplete(Damage(file: name, offset: at, sequence: header.sequence, error))
        }
    }

    /// Damage for a run of zero bytes where a record header should be; the walk resumes at the
    /// next intact header after the run.
    private mutating func zeroedRegion(at start: Int64, size: Int64) throws(SpoolError) -> Damage {
        let end = try scanner.zeroRunEnd(from: start, size: size)
        let error = WireError(.badMagic, offset: 0, "expected magic 0x5041 (\"PA\"), found 0x0000")
        let resumed = end < size ? try resynchronize(after: end - 1, size: size) : ""
        if end >= size { scanner.skip(to: size) }
        let text = "\(error); \(end - start) zero bytes from here\(end >= size ? " to the end of the segment" : "")"
        return Damage(file: name, offset: start, code: "zeroedRegion", text + resumed)
    }

    /// Moves to the first intact record header after `start` that carries an expected sequence
    /// and fits in the file, or to the end; returns a note saying which.
    private mutating func resynchronize(after start: Int64, size: Int64) throws(SpoolError) -> String {
        if try scanner.resynchronize(after: start, size: size) {
            return "; \(scanner.offset - start) bytes skipped to the next intact record header at offset \(scanner.offset)"
        }
        return "; no intact record header follows in the \(size - start) bytes to the end of the segment"
    }
}
