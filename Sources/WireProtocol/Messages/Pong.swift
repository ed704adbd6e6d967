/// PONG (PROTOCOL.md section 6.6): the answer to a PING.
public struct Pong: Hashable, Sendable {
    /// The nonce of the PING this answers.
    public var nonce: UInt64

    public init(nonce: UInt64) {
        self.nonce = nonce
    }

    /// The PONG that answers `ping`.
    public init(answering ping: Ping) {
        self.nonce = ping.nonce
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(nonce)
    }

    /// The payload bytes.
    public var encodedPayload: [UInt8] {
        var writer = ByteWriter(reservingCapacity: 8)
        encode(into: &writer)
        return writer.bytes
    }

    public static func decode(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> Pong {
        Pong(nonce: try reader.readU64("nonce"))
    }
}
