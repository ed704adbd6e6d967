import WireProtocol

/// Walks the records of one segment file with `SegmentScanner` and finds where its valid part
/// ends (SPOOL.md section 7): a torn or zero-filled tail is cut off, a record whose header is
/// intact but whose payload fails its CRC is kept in place and skipped when an intact record
/// follows, and a header that fails its checks ends the segment there.
struct SegmentRepairScan {
    struct Result {
        /// Nil when the segment header is short or fails its checks.
        var header: SegmentHeader?
        var fileSize: Int64
        /// Bytes to keep; the rest is to be truncated.
        var validEnd: Int64
        /// Records kept, including those skipped for a bad payload CRC.
        var recordCount: UInt64
        /// Sequences of the records kept but skipped for a bad payload CRC.
        var badPayloadSequences: [UInt64] = []
        /// What was found, each naming the segment and offset.
        var problems: [SpoolError] = []
    }

    let file: SpoolFile
    /// The sequence the file name promises for the first record.
    let firstSequence: UInt64
    let limits: Limits

    func scan() throws(SpoolError) -> Result {
        let size = try file.size()
        var scanner = SegmentScanner(file: file, limits: limits, expected: firstSequence, chunk: 4 << 20)
        var result = Result(header: nil, fileSize: size, validEnd: min(size, Int64(SegmentHeader.size)), recordCount: 0)
        switch try scanner.header() {
        case .success(let header) where header.firstSequence == firstSequence:
            result.header = header
        case .success(let header):
            result.problems.append(SpoolError(.badSegmentHeader, path: file.path, offset: 8,
                                              "segment header says first sequence \(header.firstSequence), the file name says \(firstSequence)"))
        case .failure(let problem):
            result.problems.append(SpoolError(.badSegmentHeader, path: file.path, offset: 0, problem.detail))
            if size < Int64(SegmentHeader.size) { return result }
        }

        while true {
            switch try scanner.next(size: size) {
            case .end:
                result.validEnd = scanner.offset
                return result
            case .problem(let problem):
                result.problems.append(Self.error(for: problem))
                result.validEnd = problem.offset
                return result
            case .record(let record):
                if try scanner.payloadMatches(record, size: size) {
                    result.recordCount += 1
                    continue
                }
                // A payload that fails its CRC is either a torn write at the tail, or a flipped
                // bit inside. Only when a valid next record follows is the length known to be
                // right, and only then can the records after it be kept.
                if record.end < size, case .record = try scanner.examine(at: record.end, expected: record.sequence + 1, size: size) {
                    result.problems.append(SpoolError(.badPayloadChecksum, path: file.path, offset: record.offset,
                                                      "record \(record.sequence): payload CRC-32C mismatch; record skipped, the next record is intact"))
                    result.badPayloadSequences.append(record.sequence)
                    result.recordCount += 1
                    continue
                }
                result.problems.append(SpoolError(.tornTail, path: file.path, offset: record.offset,
                                                  "last record \(record.sequence) fails its payload CRC-32C and no intact record follows; \(size - record.offset) bytes cut off"))
                result.validEnd = record.offset
                return result
            }
        }
    }

    /// The recovery report's entry for a problem that ends the segment's valid part.
    private static func error(for problem: SegmentProblem) -> SpoolError {
        let remaining = problem.remaining
        func cut(_ code: SpoolError.Code, _ detail: String) -> SpoolError {
            SpoolError(code, path: problem.path, offset: problem.offset, detail)
        }
        switch problem.kind {
        case .zeroed:
            return cut(.zeroTail, "\(remaining) bytes from here start with zeros; cut off")
        case .truncatedHeader(let available):
            return cut(.tornTail, "last record has \(available) of \(FrameHeader.size) header bytes; cut off")
        case .corruptHeader(let error):
            return cut(.corruptRecordHeader, "record header fails its checks (\(error)); \(remaining) bytes from here cut off")
        case .sequenceBreak(let header, let expected):
            return cut(.sequenceBreak, "record has sequence \(header.sequence), expected \(expected); \(remaining) bytes from here cut off")
        case .truncatedRecord(let header, _):
            return cut(.tornTail, "record \(header.sequence) needs \(header.frameLength) bytes, the file has \(remaining); cut off")
        }
    }
}
