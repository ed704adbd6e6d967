import WireProtocol

/// One record whose header passed its checks, with its bytes exactly as stored.
struct RawRecord {
    /// The segment file's name.
    var segment: String
    /// Offset of the record's first byte in the segment.
    var offset: Int64
    var header: FrameHeader
    /// The whole frame: header and payload as transmitted.
    var bytes: [UInt8]

    var sequence: UInt64 { header.sequence }
}

/// A record whose payload passed every check and decoded as a BATCH.
struct DecodedRecord {
    var raw: RawRecord
    var batch: Batch

    var sequence: UInt64 { raw.sequence }
    var segment: String { raw.segment }
    var offset: Int64 { raw.offset }
    /// Payload bytes as stored (compressed when the frame is).
    var wireBytes: Int { Int(raw.header.payloadLength) }
    /// Payload bytes after decompression.
    var rawBytes: Int { Int(raw.header.rawLength) }
}

/// The payload checks of PROTOCOL.md section 3.1, steps 9–11: payload CRC, decompression, and a
/// BATCH payload that decodes and is consumed exactly.
enum RecordDecoder {
    static func decode(_ raw: RawRecord, limits: Limits) -> Result<DecodedRecord, Damage> {
        do throws(WireError) {
            let frame = try Frame.parse(raw.bytes, limits: limits)
            let message = try Message.decode(frame, limits: limits)
            guard case .batch(_, let batch) = message else {
                return .failure(Damage(file: raw.segment, offset: raw.offset, sequence: raw.sequence, code: "notBatch",
                                       "a \(message.type) frame; a spool holds only BATCH frames"))
            }
            return .success(DecodedRecord(raw: raw, batch: batch))
        } catch {
            return .failure(Damage(file: raw.segment, offset: raw.offset, sequence: raw.sequence, error))
        }
    }
}
