import WireProtocol

/// Walks the records of one segment file and finds where its valid part ends (SPOOL.md
/// section 7): a torn or zero-filled tail is cut off, a record whose header is intact but whose
/// payload fails its CRC is kept in place and skipped, and a header that fails its checks ends
/// the segment there.
struct SegmentScanner {
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
        let reader = BufferedFileReader(file: file, chunk: 4 << 20)
        let headerResult = try reader.withBytes(at: 0, count: SegmentHeader.size, limit: size) { SegmentHeader.parse($0) }
        var result = Result(header: nil, fileSize: size, validEnd: min(size, Int64(SegmentHeader.size)), recordCount: 0)
        switch headerResult {
        case .success(let header) where header.firstSequence == firstSequence:
            result.header = header
        case .success(let header):
            result.problems.append(SpoolError(.badSegmentHeader, path: file.path, offset: 8,
                                              "segment header says first sequence \(header.firstSequence), the file name says \(firstSequence)"))
        case .failure(let problem):
            result.problems.append(SpoolError(.badSegmentHeader, path: file.path, offset: 0, problem.detail))
            if size < Int64(SegmentHeader.size) { return result }
        }

        var offset = Int64(SegmentHeader.size)
        var expected = firstSequence
        while offset < size {
            let step = try examineRecord(at: offset, expected: expected, fileSize: size, reader: reader)
            switch step {
            case .record(let length):
                offset += length
                expected += 1
                result.recordCount += 1
            case .skipped(let length, let problem):
                result.problems.append(problem)
                result.badPayloadSequences.append(expected)
                offset += length
                expected += 1
                result.recordCount += 1
            case .end(let problem):
                result.problems.append(problem)
                result.validEnd = offset
                return result
            }
        }
        result.validEnd = offset
        return result
    }

    private enum Step {
        case record(Int64)
        case skipped(Int64, SpoolError)
        case end(SpoolError)
    }

    private func examineRecord(at offset: Int64, expected: UInt64, fileSize: Int64, reader: BufferedFileReader) throws(SpoolError) -> Step {
        let path = file.path
        let remaining = fileSize - offset
        let headerCheck = try reader.withBytes(at: offset, count: FrameHeader.size, limit: fileSize) {
            (raw) -> Swift.Result<FrameHeader, SpoolError> in
            if raw.allSatisfy({ $0 == 0 }) {
                return .failure(SpoolError(.zeroTail, path: path, offset: offset, "\(remaining) bytes from here start with zeros; cut off"))
            }
            if raw.count < FrameHeader.size {
                return .failure(SpoolError(.tornTail, path: path, offset: offset, "last record has \(raw.count) of \(FrameHeader.size) header bytes; cut off"))
            }
            do {
                return .success(try FrameHeader.parse(raw, limits: limits))
            } catch {
                return .failure(SpoolError(.corruptRecordHeader, path: path, offset: offset,
                                           "record header fails its checks (\(error)); \(remaining) bytes from here cut off"))
            }
        }
        let header: FrameHeader
        switch headerCheck {
        case .failure(let problem): return .end(problem)
        case .success(let parsed): header = parsed
        }
        guard header.sequence == expected else {
            return .end(SpoolError(.sequenceBreak, path: path, offset: offset,
                                   "record has sequence \(header.sequence), expected \(expected); \(remaining) bytes from here cut off"))
        }
        let length = Int64(header.frameLength)
        guard length <= remaining else {
            return .end(SpoolError(.tornTail, path: path, offset: offset,
                                   "record \(expected) needs \(length) bytes, the file has \(remaining); cut off"))
        }
        let crc = try reader.withBytes(at: offset + Int64(FrameHeader.size), count: Int(header.payloadLength), limit: fileSize) {
            CRC32C.checksum($0)
        }
        if crc == header.payloadCRC { return .record(length) }
        // A payload that fails its CRC is either a torn write at the tail, or a flipped bit
        // inside. Only when a valid next record follows is the length known to be right, and only
        // then can the records after it be kept.
        let next = offset + length
        if next < fileSize, try nextHeaderIsValid(at: next, expected: expected + 1, fileSize: fileSize, reader: reader) {
            return .skipped(length, SpoolError(.badPayloadChecksum, path: path, offset: offset,
                                               "record \(expected): payload CRC-32C mismatch; record skipped, the next record is intact"))
        }
        return .end(SpoolError(.tornTail, path: path, offset: offset,
                               "last record \(expected) fails its payload CRC-32C and no intact record follows; \(remaining) bytes cut off"))
    }

    private func nextHeaderIsValid(at offset: Int64, expected: UInt64, fileSize: Int64, reader: BufferedFileReader) throws(SpoolError) -> Bool {
        try reader.withBytes(at: offset, count: FrameHeader.size, limit: fileSize) { raw in
            guard raw.count == FrameHeader.size, let header = try? FrameHeader.parse(raw, limits: limits) else { return false }
            return header.sequence == expected && Int64(header.frameLength) <= fileSize - offset
        }
    }
}
