/// One frame exactly as transmitted or stored: its header and its payload bytes (compressed when
/// the header says so). `bytes` is what goes on the wire and into the spool.
public struct Frame: Hashable, Sendable {
    public let header: FrameHeader
    /// The payload as transmitted (LZ4 block when `header.isCompressed`).
    public let payload: [UInt8]

    /// A frame that has passed every check of PROTOCOL.md section 3.1 up to step 9.
    /// Use `Frame.make` to build one, or `FrameDecoder` to read one.
    init(header: FrameHeader, payload: [UInt8]) {
        self.header = header
        self.payload = payload
    }

    /// Builds a frame around `rawPayload`, compressing it when `compress` is set and that helps,
    /// against the v1 dictionary (PROTOCOL.md section 3.3) when `dictionary` is also set.
    public static func make(type: MessageType, sequence: UInt64 = 0, rawPayload: [UInt8], compress: Bool, dictionary: Bool = false) -> Frame {
        make(rawType: type.rawValue, sequence: sequence, rawPayload: rawPayload, compress: compress, dictionary: dictionary)
    }

    /// Builds a frame with any type byte (tests and tools use this for unknown types).
    public static func make(rawType: UInt8, sequence: UInt64 = 0, rawPayload: [UInt8], compress: Bool, dictionary: Bool = false) -> Frame {
        var flags: UInt8 = 0
        var wirePayload = rawPayload
        let preset = dictionary ? LZ4Block.dictionaryV1 : nil
        if compress, let compressed = rawPayload.withUnsafeBytes({ LZ4Block.compress($0, dictionary: preset) }) {
            wirePayload = compressed
            flags |= FrameHeader.compressedFlag | (dictionary ? FrameHeader.dictionaryFlag : 0)
        }
        let header = FrameHeader(
            rawType: rawType, flags: flags,
            payloadLength: UInt32(wirePayload.count), rawLength: UInt32(rawPayload.count),
            sequence: sequence, payloadCRC: CRC32C.checksum(wirePayload))
        return Frame(header: header, payload: wirePayload)
    }

    /// Header and payload, ready to write.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(header.frameLength)
        header.write(to: &out)
        out.append(contentsOf: payload)
        return out
    }

    /// The payload after decompression (step 10 of PROTOCOL.md section 3.1).
    public func rawPayload() throws(WireError) -> [UInt8] {
        guard header.isCompressed else { return payload }
        return try payload.withWireBytes { (raw) throws(WireError) -> [UInt8] in
            try LZ4Block.decompress(raw, rawLength: Int(header.rawLength), dictionary: header.usesDictionary ? LZ4Block.dictionaryV1 : nil)
        }
    }

    /// Checks a header and its payload bytes (steps 2–9) and returns the frame.
    ///
    /// - Parameter bytes: exactly one frame.
    public static func parse(_ bytes: [UInt8], limits: Limits = .default) throws(WireError) -> Frame {
        var decoder = FrameDecoder(limits: limits)
        decoder.append(bytes)
        guard let frame = try decoder.next() else {
            try decoder.finish()
            throw WireError(.truncatedHeader, offset: bytes.count, "no frame in \(bytes.count) bytes")
        }
        guard decoder.bufferedByteCount == 0 else {
            throw WireError(.trailingBytes, offset: frame.header.frameLength, "\(decoder.bufferedByteCount) bytes after the frame")
        }
        return frame
    }
}
