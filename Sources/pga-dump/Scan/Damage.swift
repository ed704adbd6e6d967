import WireProtocol

/// A place in a spool where the bytes are not what the format requires: which segment, which
/// byte offset, and what is wrong, in the words of the check that failed.
struct Damage: Error, Hashable {
    /// The segment file's name (or `CURSOR`).
    var file: String
    /// Byte offset within that file: the start of the record, or of the damaged field in a
    /// segment or cursor header.
    var offset: Int64
    /// The sequence of the record concerned, when its header could be trusted.
    var sequence: UInt64?
    /// A stable name: a `WireError` code, or one of pga-dump's own for the segment layout
    /// (`sequenceBreak`, `missingRecords`, `zeroedRegion`, `truncatedSegmentHeader`, ...).
    var code: String
    /// What exactly is wrong; for frame checks, the `WireError` text.
    var detail: String

    init(file: String, offset: Int64, sequence: UInt64? = nil, code: String, _ detail: String) {
        self.file = file
        self.offset = offset
        self.sequence = sequence
        self.code = code
        self.detail = detail
    }

    /// Damage found by a frame check; the text is the `WireError`'s own.
    init(file: String, offset: Int64, sequence: UInt64? = nil, _ error: WireError) {
        var error = error
        // The decoder saw one frame on its own, so its stream offset is always 0; `offset`
        // already says where the frame is in the segment.
        error.streamOffset = nil
        self.init(file: file, offset: offset, sequence: sequence, code: error.code.name, error.description)
    }

    /// One line: `00000000000000000001.seg offset 4168: record 5: payloadChecksumMismatch ...`.
    var line: String {
        var text = "\(file) offset \(offset): "
        if let sequence { text += "record \(sequence): " }
        if detail.hasPrefix(code) { return text + detail }
        return text + "\(code): \(detail)"
    }
}
