import WireProtocol

/// The 32-byte header at the start of a segment file, read independently of the Spool module
/// (whose parser is internal) from the layout the spool writes:
///
/// | offset | size | field |
/// | ---: | ---: | --- |
/// | 0 | 4 | magic `PGSG` |
/// | 4 | 1 | format version, 1 |
/// | 5 | 3 | reserved, 0 |
/// | 8 | 8 | first sequence (also the file name) |
/// | 16 | 8 | created, microseconds since 2000-01-01 UTC |
/// | 24 | 4 | reserved, 0 |
/// | 28 | 4 | CRC-32C of bytes 0–27 |
struct SegmentFileHeader: Hashable {
    static let size = 32
    /// ASCII `PGSG`.
    static let magic: UInt32 = 0x5047_5347
    static let version: UInt8 = 1

    var firstSequence: UInt64
    var createdMicros: Int64

    /// Whether `bytes` starts with the segment magic, so that it is a segment, however damaged.
    static func hasMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes.u32(at: 0) == magic
    }

    /// The header, or the reason it cannot be trusted (which field, at which offset).
    static func parse(_ bytes: [UInt8]) -> Result<SegmentFileHeader, HeaderDamage> {
        guard bytes.count >= size else {
            return .failure(HeaderDamage(code: "truncatedSegmentHeader", offset: 0,
                                         "segment header has \(bytes.count) of \(size) bytes"))
        }
        guard hasMagic(bytes) else {
            return .failure(HeaderDamage(code: "badSegmentMagic", offset: 0,
                                         "segment magic is 0x\(hex(bytes.u32(at: 0))), expected 0x50475347 (\"PGSG\")"))
        }
        let stored = bytes.u32(at: 28)
        let computed = CRC32C.checksum(bytes[0..<28])
        guard stored == computed else {
            return .failure(HeaderDamage(code: "segmentHeaderChecksumMismatch", offset: 28,
                                         "segment header CRC-32C is 0x\(hex(stored)), bytes 0-27 give 0x\(hex(computed))"))
        }
        guard bytes[4] == version else {
            return .failure(HeaderDamage(code: "unsupportedSegmentVersion", offset: 4,
                                         "segment format version \(bytes[4]); pga-dump reads version \(version)"))
        }
        guard bytes[5] == 0, bytes[6] == 0, bytes[7] == 0, bytes.u32(at: 24) == 0 else {
            return .failure(HeaderDamage(code: "reservedBitsSet", offset: 5, "reserved segment header bytes are not zero"))
        }
        return .success(SegmentFileHeader(firstSequence: bytes.u64(at: 8), createdMicros: Int64(bitPattern: bytes.u64(at: 16))))
    }

    /// Why a segment header was rejected.
    struct HeaderDamage: Error {
        var code: String
        var offset: Int64
        var detail: String
        init(code: String, offset: Int64, _ detail: String) {
            self.code = code
            self.offset = offset
            self.detail = detail
        }
    }
}

/// Upper-case hexadecimal, zero-padded to the width of the type.
func hex<T: FixedWidthInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, T.bitWidth / 4 - digits.count)) + digits
}
