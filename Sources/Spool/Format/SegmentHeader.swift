import Glibc
import WireProtocol

/// The 32 bytes at the start of every segment file (SPOOL.md section 3).
struct SegmentHeader: Hashable, Sendable {
    static let size = 32
    /// ASCII `PGSG`.
    static let magic: UInt32 = 0x5047_5347
    static let currentVersion: UInt8 = 1

    /// Sequence of the first record in the segment (also the file's name).
    var firstSequence: UInt64
    /// When the segment was created, microseconds since 2000-01-01 UTC (PROTOCOL.md section 1).
    var createdMicros: Int64

    var encoded: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(Self.size)
        out.appendBigEndian(Self.magic)
        out.append(Self.currentVersion)
        out.append(0)
        out.appendBigEndian(UInt16(0))
        out.appendBigEndian(firstSequence)
        out.appendBigEndian(UInt64(bitPattern: createdMicros))
        out.appendBigEndian(UInt32(0))
        out.appendBigEndian(CRC32C.checksum(out))
        return out
    }

    /// Parses and checks a header; the error text says which check failed.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<SegmentHeader, HeaderProblem> {
        guard bytes.count >= size else { return .failure(.init("segment header has \(bytes.count) of \(size) bytes")) }
        guard bytes.loadU32(at: 0) == magic else {
            return .failure(.init("segment magic is 0x\(String(bytes.loadU32(at: 0), radix: 16)), expected 0x\(String(magic, radix: 16)) (\"PGSG\")"))
        }
        let stored = bytes.loadU32(at: 28)
        let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<28]))
        guard stored == computed else {
            return .failure(.init("segment header CRC-32C is 0x\(String(stored, radix: 16)), bytes 0-27 give 0x\(String(computed, radix: 16))"))
        }
        guard bytes[4] == currentVersion else { return .failure(.init("segment format version \(bytes[4]); this build reads version \(currentVersion)")) }
        guard bytes[5] == 0, bytes[6] == 0, bytes[7] == 0, bytes.loadU32(at: 24) == 0 else {
            return .failure(.init("reserved segment header bytes are not zero"))
        }
        return .success(SegmentHeader(firstSequence: bytes.loadU64(at: 8), createdMicros: Int64(bitPattern: bytes.loadU64(at: 16))))
    }

    struct HeaderProblem: Error {
        var detail: String
        init(_ detail: String) { self.detail = detail }
    }
}

/// Microseconds since 2000-01-01 00:00:00 UTC, now.
func nowMicrosSince2000() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    let unixMicros = Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    return unixMicros - 946_684_800 * 1_000_000
}
