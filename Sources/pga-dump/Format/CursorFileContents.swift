import WireProtocol

/// The spool's 64-byte `CURSOR` file: how far the backend acknowledged and what the size bound
/// dropped. Layout, as the spool writes it:
///
/// | offset | size | field |
/// | ---: | ---: | --- |
/// | 0 | 4 | magic `PGSC` |
/// | 4 | 1 | format version, 1 |
/// | 5 | 3 | reserved |
/// | 8 | 8 | acknowledged sequence |
/// | 16 | 8 | highest sequence dropped unacknowledged |
/// | 24 | 8 | dropped records |
/// | 32 | 8 | dropped samples (rows) |
/// | 40 | 20 | reserved |
/// | 60 | 4 | CRC-32C of bytes 0–59 |
struct CursorFileContents: Hashable {
    static let fileName = "CURSOR"
    static let size = 64
    /// ASCII `PGSC`.
    static let magic: UInt32 = 0x5047_5343

    var acknowledged: UInt64
    var droppedThrough: UInt64
    var droppedRecords: UInt64
    var droppedSamples: UInt64

    /// The cursor, or why it cannot be trusted.
    static func parse(_ bytes: [UInt8]) -> Result<CursorFileContents, CursorDamage> {
        guard bytes.count == size else {
            return .failure(CursorDamage(offset: Int64(min(bytes.count, size)), "cursor file has \(bytes.count) bytes, expected \(size)"))
        }
        guard bytes.u32(at: 0) == magic else {
            return .failure(CursorDamage(offset: 0, "cursor magic is 0x\(hex(bytes.u32(at: 0))), expected 0x50475343 (\"PGSC\")"))
        }
        let stored = bytes.u32(at: 60)
        let computed = CRC32C.checksum(bytes[0..<60])
        guard stored == computed else {
            return .failure(CursorDamage(offset: 60, "cursor CRC-32C is 0x\(hex(stored)), bytes 0-59 give 0x\(hex(computed))"))
        }
        guard bytes[4] == 1 else { return .failure(CursorDamage(offset: 4, "cursor format version \(bytes[4]) is not 1")) }
        return .success(CursorFileContents(acknowledged: bytes.u64(at: 8), droppedThrough: bytes.u64(at: 16),
                                           droppedRecords: bytes.u64(at: 24), droppedSamples: bytes.u64(at: 32)))
    }

    /// Why a cursor file was rejected.
    struct CursorDamage: Error {
        var offset: Int64
        var detail: String
        init(offset: Int64, _ detail: String) {
            self.offset = offset
            self.detail = detail
        }
    }
}
