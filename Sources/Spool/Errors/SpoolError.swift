/// A spool operation that failed, or a corruption the spool found and handled: what, and where.
///
/// Like Prometheus' `CorruptionErr`, a storage error names the segment file and the byte offset
/// in it. `Code` is a struct rather than an enum so that codes can be added without breaking
/// callers; compare with `==` and switch with a `default`.
public struct SpoolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure or corruption this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable name used in logs and tests.
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        // Failures of an operation.
        /// Another process holds the spool directory's lock.
        public static let locked = Code("locked")
        /// A system call failed; `errno` says why.
        public static let io = Code("io")
        /// The file system is full and the full policy is `block`, or nothing could be freed.
        public static let diskFull = Code("diskFull")
        /// The spool reached `maxBytes` and the full policy is `block`.
        public static let spoolFull = Code("spoolFull")
        /// fdatasync failed: durability of written records is unknown. The spool must be reopened.
        public static let syncFailed = Code("syncFailed")
        /// The bytes given to `append` are not one valid frame.
        public static let invalidRecord = Code("invalidRecord")
        /// The record's sequence is not the next one.
        public static let sequenceMismatch = Code("sequenceMismatch")
        /// The record can never fit within `maxBytes`.
        public static let recordTooLarge = Code("recordTooLarge")
        /// The options are inconsistent.
        public static let invalidOptions = Code("invalidOptions")
        /// The spool was closed.
        public static let closed = Code("closed")
        /// The waiting task was cancelled.
        public static let cancelled = Code("cancelled")

        // Corruption found and handled by recovery or a reader; reported, never thrown by `open`.
        /// The last record of a segment was cut short (a torn write); the tail was truncated.
        public static let tornTail = Code("tornTail")
        /// A segment ended in zero bytes (preallocated or unwritten pages); they were truncated.
        public static let zeroTail = Code("zeroTail")
        /// A record's header CRC is valid but its payload CRC is not; the record was skipped.
        public static let badPayloadChecksum = Code("badPayloadChecksum")
        /// A record header inside a segment failed its checks; the rest of the segment was cut off.
        public static let corruptRecordHeader = Code("corruptRecordHeader")
        /// A record's sequence is not its predecessor's + 1; the rest of the segment was cut off.
        public static let sequenceBreak = Code("sequenceBreak")
        /// A segment header is shorter than 32 bytes or fails its checks.
        public static let badSegmentHeader = Code("badSegmentHeader")
        /// Sequences are missing between two segments (for example a segment deleted by hand).
        public static let missingRecords = Code("missingRecords")
        /// The cursor file is missing although segments exist; everything is treated as unacknowledged.
        public static let cursorMissing = Code("cursorMissing")
        /// The cursor file fails its checks; it was reset.
        public static let cursorCorrupt = Code("cursorCorrupt")
        /// Records whose sample count was lost (an index entry that never reached the disk).
        public static let samplesUnknown = Code("samplesUnknown")

        /// Every code.
        public static let all: [Code] = [
            .locked, .io, .diskFull, .spoolFull, .syncFailed, .invalidRecord, .sequenceMismatch,
            .recordTooLarge, .invalidOptions, .closed, .cancelled, .tornTail, .zeroTail,
            .badPayloadChecksum, .corruptRecordHeader, .sequenceBreak, .badSegmentHeader,
            .missingRecords, .cursorMissing, .cursorCorrupt, .samplesUnknown,
        ]
    }

    public var code: Code
    /// The file concerned: a segment, the cursor, the lock file, or the spool directory.
    public var path: String?
    /// Byte offset within `path`, when it matters.
    public var offset: Int64?
    /// The system error number, for `io`, `diskFull` and `syncFailed`.
    public var errno: Int32?
    /// The system call that failed (`open`, `opendir`, `pread`, `fstat`, ...), when one did.
    public var systemCall: String?
    /// What exactly happened, for people.
    public var detail: String

    public init(_ code: Code, path: String? = nil, offset: Int64? = nil, errno: Int32? = nil, _ detail: String) {
        self.code = code
        self.path = path
        self.offset = offset
        self.errno = errno
        self.detail = detail
    }

    public var description: String {
        var text = code.name
        if let path { text += " in \(path)" }
        if let offset { text += " at offset \(offset)" }
        text += ": \(detail)"
        if let errno { text += " (errno \(errno): \(systemErrorText(errno)))" }
        return text
    }
}
