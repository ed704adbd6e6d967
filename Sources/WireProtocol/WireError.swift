/// A frame or payload that breaks the protocol: what was wrong, and where.
///
/// `offset` counts from the first byte of the frame for header fields and from the first byte of
/// the decompressed payload for payload fields (`inPayload` says which). `streamOffset`, when set
/// by a stream decoder, is where the frame starts in the stream or file.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of violation this is. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable name used in test vectors and logs.
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let truncatedHeader = Code("truncatedHeader")
        public static let truncatedPayload = Code("truncatedPayload")
        public static let badMagic = Code("badMagic")
        public static let headerChecksumMismatch = Code("headerChecksumMismatch")
        public static let unsupportedVersion = Code("unsupportedVersion")
        public static let reservedBitsSet = Code("reservedBitsSet")
        public static let frameTooLarge = Code("frameTooLarge")
        public static let decompressedTooLarge = Code("decompressedTooLarge")
        public static let rawLengthMismatch = Code("rawLengthMismatch")
        public static let payloadChecksumMismatch = Code("payloadChecksumMismatch")
        public static let decompressionFailed = Code("decompressionFailed")
        public static let decompressedSizeMismatch = Code("decompressedSizeMismatch")
        public static let unknownMessageType = Code("unknownMessageType")
        public static let sequenceNotAllowed = Code("sequenceNotAllowed")
        public static let missingSequence = Code("missingSequence")
        public static let truncatedField = Code("truncatedField")
        public static let trailingBytes = Code("trailingBytes")
        public static let invalidUTF8 = Code("invalidUTF8")
        public static let nulInString = Code("nulInString")
        public static let invalidName = Code("invalidName")
        public static let valueTooLong = Code("valueTooLong")
        public static let tooManyRows = Code("tooManyRows")
        public static let tooManyColumns = Code("tooManyColumns")
        public static let noColumns = Code("noColumns")
        public static let duplicateColumn = Code("duplicateColumn")
        public static let unknownColumnType = Code("unknownColumnType")
        public static let invalidShuffle = Code("invalidShuffle")
        public static let lengthSumMismatch = Code("lengthSumMismatch")
        public static let nullWithLength = Code("nullWithLength")
        public static let invalidBool = Code("invalidBool")
        public static let invalidNumeric = Code("invalidNumeric")
        public static let invalidVersionRange = Code("invalidVersionRange")
        public static let invalidFlag = Code("invalidFlag")
        public static let invalidCount = Code("invalidCount")
        /// Encoder only: a row has more or fewer values than the batch has columns.
        public static let rowWidthMismatch = Code("rowWidthMismatch")
        /// Encoder only: a value does not fit its column's type.
        public static let valueTypeMismatch = Code("valueTypeMismatch")

        /// Every code, for tests and tools that map names back to codes.
        public static let all: [Code] = [
            .truncatedHeader, .truncatedPayload, .badMagic, .headerChecksumMismatch,
            .unsupportedVersion, .reservedBitsSet, .frameTooLarge, .decompressedTooLarge,
            .rawLengthMismatch, .payloadChecksumMismatch, .decompressionFailed,
            .decompressedSizeMismatch, .unknownMessageType, .sequenceNotAllowed, .missingSequence,
            .truncatedField, .trailingBytes, .invalidUTF8, .nulInString, .invalidName,
            .valueTooLong, .tooManyRows, .tooManyColumns, .noColumns, .duplicateColumn,
            .unknownColumnType, .invalidShuffle, .lengthSumMismatch, .nullWithLength,
            .invalidBool, .invalidNumeric, .invalidVersionRange, .invalidFlag, .invalidCount,
            .rowWidthMismatch, .valueTypeMismatch,
        ]

        /// The code with this stable name, if any.
        public init?(name: String) {
            guard let code = Code.all.first(where: { $0.name == name }) else { return nil }
            self = code
        }
    }

    public var code: Code
    /// Byte offset of the offending field (see the type's documentation).
    public var offset: Int
    /// True when `offset` is within the decompressed payload rather than the frame.
    public var inPayload: Bool
    /// Where the frame starts in the stream or file, when known.
    public var streamOffset: Int?
    /// What exactly was wrong, for people.
    public var detail: String

    public init(_ code: Code, offset: Int, inPayload: Bool = false, streamOffset: Int? = nil, _ detail: String) {
        self.code = code
        self.offset = offset
        self.inPayload = inPayload
        self.streamOffset = streamOffset
        self.detail = detail
    }

    public var description: String {
        var place = inPayload ? "payload offset \(offset)" : "frame offset \(offset)"
        if let streamOffset { place += " (frame at stream offset \(streamOffset))" }
        return "\(code.name) at \(place): \(detail)"
    }
}
