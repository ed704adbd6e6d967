/// PING (PROTOCOL.md section 6.6): a liveness probe, answered by a PONG with the same nonce.
public struct Ping: Hashable, Sendable {
    /// Echoed by the PONG that answers this PING.
    public var nonce: UInt64

    public init(nonce: UInt64) {
        self.nonce = nonce
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

    public static func decode(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> Ping {
        Ping(nonce: try reader.readU64("nonce"))
    }
}
