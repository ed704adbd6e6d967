/// GOODBYE (PROTOCOL.md section 6.10): an orderly close, with the reason.
public struct Goodbye: Hashable, Sendable {
    /// An error code of table 6.5.1, or nil for a normal close (0 on the wire).
    public var reason: ErrorCode?
    /// Detail for people.
    public var message: String

    /// - Parameters: `message` is cut to the default string16 limit (4,096 bytes) at a character
    ///   boundary and NUL bytes are dropped. A `reason` with raw value 0 is a normal close.
    public init(reason: ErrorCode? = nil, message: String = "") {
        self.reason = reason?.rawValue == 0 ? nil : reason
        self.message = WireText.fitted(message, maxBytes: Limits.default.maxString16Bytes)
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(reason?.rawValue ?? 0)
        writer.writeString16(message)
    }

    /// The payload bytes.
    public var encodedPayload: [UInt8] {
        var writer = ByteWriter(reservingCapacity: 4 + message.utf8.count)
        encode(into: &writer)
        return writer.bytes
    }

    public static func decode(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> Goodbye {
        let raw = try reader.readU16("reason")
        let message = try reader.readString16(limit: limits.maxString16Bytes, "message")
        var decoded = Goodbye(reason: raw == 0 ? nil : ErrorCode(rawValue: raw))
        decoded.message = message
        return decoded
    }
}
