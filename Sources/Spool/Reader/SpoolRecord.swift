import WireProtocol

/// One record read back from the spool: a frame exactly as stored, with where it was found.
public struct SpoolRecord: Hashable, Sendable {
    /// The record's frame header (its header CRC and payload CRC were verified on read).
    public let header: FrameHeader
    /// The whole frame, byte for byte as appended: what the shipper sends.
    public let bytes: [UInt8]
    /// The segment file it was read from.
    public let segment: String
    /// Its offset in that file.
    public let offset: Int64

    /// The frame's sequence number.
    public var sequence: UInt64 { header.sequence }

    /// The record as a `Frame` (checks steps 2–9 of PROTOCOL.md section 3.1 again).
    public func frame(limits: Limits = .default) throws(WireError) -> Frame {
        try Frame.parse(bytes, limits: limits)
    }
}
