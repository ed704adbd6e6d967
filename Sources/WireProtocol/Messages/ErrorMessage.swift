/// ERROR (PROTOCOL.md section 6.5): a coded error, fatal (the sender closes) or not.
public struct ErrorMessage: Hashable, Sendable {
    /// The error, table 6.5.1; may be a code this version does not know (see `ErrorCode.effective`).
    public var code: ErrorCode
    /// Whether the sender closes the connection after this frame.
    public var fatal: Bool
    /// The BATCH the error is about, 0 when none.
    public var sequence: UInt64
    /// Human-readable detail: what was wrong and where.
    public var message: String

    /// - Parameters: `message` is cut to the default string16 limit (4,096 bytes) at a character
    ///   boundary and NUL bytes are dropped, so that the frame is accepted by a default receiver.
    ///   `fatal` defaults to what table 6.5.1 says for `code`.
    public init(code: ErrorCode, fatal: Bool? = nil, sequence: UInt64 = 0, message: String) {
        self.code = code
        self.fatal = fatal ?? code.isFatalByDefault
        self.sequence = sequence
        self.message = WireText.fitted(message, maxBytes: Limits.default.maxString16Bytes)
    }

    /// An ERROR `malformed_frame` (fatal) that reports `error`: the check and its offset.
    public init(malformedFrame error: WireError, sequence: UInt64 = 0) {
        self.init(code: .malformedFrame, fatal: true, sequence: sequence, message: error.description)
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(code.rawValue)
        writer.write(UInt8(fatal ? 1 : 0))
        writer.write(sequence)
        writer.writeString16(message)
    }

    /// The payload bytes.
    public var encodedPayload: [UInt8] {
        var writer = ByteWriter(reservingCapacity: 13 + message.utf8.count)
        encode(into: &writer)
        return writer.bytes
    }

    public static func decode(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> ErrorMessage {
        let code = ErrorCode(rawValue: try reader.readU16("code"))
        let fatalOffset = reader.offset
        let fatalByte = try reader.readU8("fatal")
        guard fatalByte <= 1 else {
            throw reader.error(.invalidFlag, at: fatalOffset, "fatal is \(fatalByte), must be 0 or 1")
        }
        let sequence = try reader.readU64("sequence")
        let message = try reader.readString16(limit: limits.maxString16Bytes, "message")
        var decoded = ErrorMessage(code: code, fatal: fatalByte == 1, sequence: sequence, message: "")
        // Not through init: a receiver with a larger limit keeps the message as sent.
        decoded.message = message
        return decoded
    }
}
