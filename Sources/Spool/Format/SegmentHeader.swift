import Glibc
import WireProtocol

/// The 32 bytes at the start of every segment file (SPOOL.md section 3).
public struct SegmentHeader: Hashable, Sendable {
    /// Bytes in a segment header; the first record starts here.
    public static let size = 32
    /// ASCII `PGSG`.
    public static let magic: UInt32 = 0x5047_5347
    /// The only segment format version this build reads and writes.
    public static let currentVersion: UInt8 = 1

    /// Sequence of the first record in the segment (also the file's name).
    public var firstSequence: UInt64
    /// When the segment was created, microseconds since 2000-01-01 UTC (PROTOCOL.md section 1).
    public var createdMicros: Int64

    /// A header for a segment whose first record has `firstSequence`.
    public init(firstSequence: UInt64, createdMicros: Int64) {
        self.firstSequence = firstSequence
        self.createdMicros = createdMicros
    }

    var encoded: [UInt8] {
        [UInt8].checkedStructure(size: Self.size, magic: Self.magic, version: Self.currentVersion) { out in
            out.appendBigEndian(firstSequence)
            out.appendBigEndian(UInt64(bitPattern: createdMicros))
        }
    }

    /// Whether `bytes` starts with the segment magic, so that it is a segment, however damaged.
    public static func hasMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes.loadU32(at: 0) == magic
    }

    /// Parses and checks the header at the start of `bytes`, in the order of SPOOL.md section 3:
    /// length, magic, CRC, version, reserved bytes. The problem names the first check that failed.
    public static func parse(_ bytes: [UInt8]) -> Result<SegmentHeader, SegmentHeaderProblem> {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// Parses and checks the header at the start of `bytes`; see `parse(_:)`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<SegmentHeader, SegmentHeaderProblem> {
        guard bytes.count >= size else { return .failure(.init(.truncated, offset: 0, "segment header has \(bytes.count) of \(size) bytes")) }
        let found = bytes.loadU32(at: 0)
        guard found == magic else {
            return .failure(.init(.badMagic, offset: 0, "segment magic is 0x\(hexText(found)), expected 0x\(hexText(magic)) (\"PGSG\")"))
        }
        let stored = bytes.loadU32(at: 28)
        let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<28]))
        guard stored == computed else {
            return .failure(.init(.checksumMismatch, offset: 28,
                                  "segment header CRC-32C is 0x\(hexText(stored)), bytes 0-27 give 0x\(hexText(computed))"))
        }
        guard bytes[4] == currentVersion else {
            return .failure(.init(.unsupportedVersion(bytes[4]), offset: 4,
                                  "segment format version \(bytes[4]); this build reads version \(currentVersion)"))
        }
        guard bytes[5] == 0, bytes[6] == 0, bytes[7] == 0, bytes.loadU32(at: 24) == 0 else {
            return .failure(.init(.reservedNotZero, offset: 5, "reserved segment header bytes are not zero"))
        }
        return .success(SegmentHeader(firstSequence: bytes.loadU64(at: 8), createdMicros: Int64(bitPattern: bytes.loadU64(at: 16))))
    }
}

/// Microseconds since 2000-01-01 00:00:00 UTC, now.
func nowMicrosSince2000() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    let unixMicros = Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    return unixMicros - 946_684_800 * 1_000_000
}
