import WireProtocol

/// Walks the records of one segment file, one step at a time, from a byte offset.
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

    let file: ReadOnlyFile
    /// The segment file's name, for damage reports.
    let name: String
    let limits: Limits
    /// Where the next record starts.
    var offset: Int64
    /// The sequence the next record must carry; nil until known.
    var expected: UInt64?

    init(file: ReadOnlyFile, name: String, limits: Limits, offset: Int64 = Int64(SegmentFileHeader.size), expected: UInt64?) {
        self.file = file
        self.name = name
        self.limits = limits
        self.offset = offset
        self.expected = expected
    }

    /// The next step, reading no further than `size` bytes into the file.
    mutating func next(size: Int64) throws(DumpFailure) -> Step {
        guard offset < size else { return .end }
        let remaining = size - offset
        let headerBytes = try file.read(count: Int(min(remaining, Int64(FrameHeader.size))), at: offset)
        if headerBytes.allSatisfy({ $0 == 0 }) { return try zeroedRegion(size: size) }
        guard headerBytes.count == FrameHeader.size else {
            let error = WireError(.truncatedHeader, offset: headerBytes.count,
                                  "the segment ends \(headerBytes.count) bytes into a record header of \(FrameHeader.size)")
            return .incomplete(Damage(file: name, offset: offset, error))
        }
        let header: FrameHeader
        do throws(WireError) {
            header = try FrameHeader.parse(headerBytes, limits: limits)
        } catch {
            let at = offset
            let skipped = try resynchronize(after: at, size: size)
            var damage = Damage(file: name, offset: at, error)
            damage.detail += skipped
            return .damage(damage)
        }
        if let expected, header.sequence != expected {
            self.expected = header.sequence
            let what = header.sequence > expected
                ? "sequences \(expected) through \(header.sequence - 1) are missing"
                : "the sequence went back from \(expected - 1)"
            return .damage(Damage(file: name, offset: offset, sequence: header.sequence, code: "sequenceBreak",
                                  "record has sequence \(header.sequence), expected \(expected): \(what)"))
        }
        guard Int64(header.frameLength) <= remaining else {
            let error = WireError(.truncatedPayload, offset: Int(remaining),
                                  "the record needs \(header.frameLength) bytes, the segment ends after \(remaining)")
            return .incomplete(Damage(file: name, offset: offset, sequence: header.sequence, error))
        }
        let bytes = try file.read(count: header.frameLength, at: offset)
        let record = RawRecord(segment: name, offset: offset, header: header, bytes: bytes)
        offset += Int64(header.frameLength)
        expected = header.sequence + 1
        return .record(record)
    }

    /// Damage for a run of zero bytes where a record header should be; the walk resumes at the
    /// next intact header after the run.
    private mutating func zeroedRegion(size: Int64) throws(DumpFailure) -> Step {
        let start = offset
        var end = start
        while end < size {
            let chunk = try file.read(count: Int(min(size - end, 1 << 16)), at: end)
            guard let firstNonZero = chunk.firstIndex(where: { $0 != 0 }) else { end += Int64(chunk.count); continue }
            end += Int64(firstNonZero)
            break
        }
        let zeros = end - start
        let error = WireError(.badMagic, offset: 0, "expected magic 0x5041 (\"PA\"), found 0x0000")
        let resumed = end < size ? try resynchronize(after: end - 1, size: size) : ""
        if end >= size { offset = size }
        let text = "\(error); \(zeros) zero bytes from here\(end >= size ? " to the end of the segment" : "")"
        return .damage(Damage(file: name, offset: start, code: "zeroedRegion", text + resumed))
    }

    /// Moves `offset` to the first intact record header after `start` that carries an expected
    /// sequence and fits in the file, or to the end; returns a note saying which.
    private mutating func resynchronize(after start: Int64, size: Int64) throws(DumpFailure) -> String {
        var at = start + 1
        let window = 1 << 20
        while at + Int64(FrameHeader.size) <= size {
            let chunk = try file.read(count: Int(min(size - at, Int64(window + FrameHeader.size))), at: at)
            let lastCandidate = chunk.count - FrameHeader.size
            var i = 0
            while i <= lastCandidate {
                if chunk[i] == 0x50, chunk[i + 1] == 0x41, let header = try? FrameHeader.parse(Array(chunk[i..<i + FrameHeader.size]), limits: limits),
                   header.sequence >= (expected ?? 1), at + Int64(i) + Int64(header.frameLength) <= size {
                    offset = at + Int64(i)
                    return "; \(offset - start) bytes skipped to the next intact record header at offset \(offset)"
                }
                i += 1
            }
            at += Int64(lastCandidate + 1)
        }
        offset = size
        return "; no intact record header follows in the \(size - start) bytes to the end of the segment"
    }
}
