/// ACK (PROTOCOL.md section 6.4): every BATCH of this collector up to a sequence is committed.
public struct Ack: Hashable, Sendable {
    /// Every BATCH with sequence ≤ this is committed (or was rejected with a non-fatal ERROR).
    public var committedThrough: UInt64

    public init(committedThrough: UInt64) {
        self.committedThrough = committedThrough
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(committedThrough)
    }

    /// The payload bytes.
    public var encodedPayload: [UInt8] {
        var writer = ByteWriter(reservingCapacity: 8)
        encode(into: &writer)
        return writer.bytes
    }

    public static func decode(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> Ack {
        Ack(committedThrough: try reader.readU64("committed through"))
    }
}
