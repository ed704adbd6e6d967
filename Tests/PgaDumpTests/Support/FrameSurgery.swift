import WireProtocol

/// Rewrites a stored record's payload in place and fixes both CRCs, so that only the later
/// checks (decompression, BATCH decode) can catch the change.
enum FrameSurgery {
    static func replacePayload(of place: RecordPlace, _ change: (inout [UInt8]) -> Void) throws {
        var file = FileBytes.read(place.segment)
        let frame = Array(file[place.offset..<place.offset + place.length])
        var header = try FrameHeader.parse(frame)
        var payload = Array(frame[FrameHeader.size...])
        change(&payload)
        precondition(payload.count == Int(header.payloadLength), "the payload must keep its length")
        header.payloadCRC = CRC32C.checksum(payload)
        file.replaceSubrange(place.offset..<place.offset + place.length, with: header.encoded + payload)
        FileBytes.write(place.segment, file)
    }
}
