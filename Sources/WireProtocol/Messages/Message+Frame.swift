extension Message {
    /// This message as a frame, ready to send or to append to the spool.
    ///
    /// A BATCH carries its sequence in the header and is LZ4-compressed against the v1 dictionary
    /// (PROTOCOL.md section 3.3) when `compress` is set and compression makes it smaller. Control
    /// messages are small and never compressed.
    ///
    /// - Precondition: a BATCH's sequence is ≥ 1.
    public func frame(compress: Bool = true) -> Frame {
        switch self {
        case .batch(let sequence, let batch):
            precondition(sequence >= 1, "a BATCH sequence is at least 1")
            return Frame.make(type: .batch, sequence: sequence, rawPayload: batch.encodedPayload(), compress: compress, dictionary: true)
        default:
            return Frame.make(type: type, rawPayload: encodedPayload, compress: false)
        }
    }

    /// The message a checked frame carries: steps 10 and 11 of PROTOCOL.md section 3.1.
    ///
    /// Decompresses the payload, checks the type and the sequence field against the type, then
    /// parses the payload, which must be consumed exactly.
    ///
    /// - Throws: `WireError` naming the first check that failed; payload errors have
    ///   `inPayload` set and offsets into the decompressed payload.
    public static func decode(_ frame: Frame, limits: Limits = .default) throws(WireError) -> Message {
        var schemas = BatchSchemaCache(capacity: 0)
        return try frame.payload.withWireBytes { (payload) throws(WireError) -> Message in
            try decode(header: frame.header, payload: payload, limits: limits, schemas: &schemas)
        }
    }

    /// `decode(_:limits:)` for a checked header and its payload as transmitted, read in place;
    /// BATCH schemas are looked up in and added to `schemas`.
    static func decode(
        header: FrameHeader, payload: UnsafeRawBufferPointer, limits: Limits, schemas: inout BatchSchemaCache
    ) throws(WireError) -> Message {
        let dictionary = header.usesDictionary ? LZ4Block.dictionaryV1 : nil
        let decompressed = header.isCompressed ? try LZ4Block.decompress(payload, rawLength: Int(header.rawLength), dictionary: dictionary) : nil
        guard let type = header.type else {
            throw WireError(.unknownMessageType, offset: 3, "message type 0x\(hex(header.rawType, width: 2)) is not defined in protocol version 1")
        }
        if type == .batch {
            guard header.sequence != 0 else {
                throw WireError(.missingSequence, offset: 16, "BATCH frame with sequence 0; sequences start at 1")
            }
            // A batch keeps its payload, so an uncompressed one is copied out of the stream.
            let raw = decompressed ?? Array(payload)
            return .batch(sequence: header.sequence, try Batch.decode(raw, limits: limits, schemas: &schemas))
        }
        guard header.sequence == 0 else {
            throw WireError(.sequenceNotAllowed, offset: 16, "\(type) frame with sequence \(header.sequence); only BATCH carries one")
        }
        guard let decompressed else { return try decodeControl(type, payload, limits: limits) }
        return try decompressed.withWireBytes { (raw) throws(WireError) -> Message in try decodeControl(type, raw, limits: limits) }
    }
}
