import WireProtocol

/// The sidecar `.idx` file of a segment (SPOOL.md section 5): one 16-byte entry per record with
/// the record's sample count, then, once the segment is sealed, a 48-byte seal trailer.
///
/// The spool cannot count the rows in a payload, so the appender tells it, and the index keeps
/// the count for when unacknowledged records are dropped. The index is advisory: records are
/// never read through it.
public enum SegmentIndex {
    /// Bytes in one entry.
    public static let entrySize = 16
    /// Bytes in the seal trailer.
    public static let trailerSize = 48
    /// The first eight bytes of a seal trailer.
    public static let trailerMarker = UInt64.max

    /// One intact index entry.
    public struct Entry: Hashable, Sendable {
        /// The record's sequence.
        public var sequence: UInt64
        /// The samples (rows) the appender reported for it.
        public var samples: UInt32
    }

    /// One entry: u64 sequence, u32 samples, u32 CRC-32C of the 12 bytes before it.
    static func appendEntry(sequence: UInt64, samples: UInt32, to out: inout [UInt8]) {
        let start = out.count
        out.appendBigEndian(sequence)
        out.appendBigEndian(samples)
        let crc = out.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<start + 12])) }
        out.appendBigEndian(crc)
    }

    /// The entry at the start of `bytes` if it is intact.
    public static func parseEntry(_ bytes: UnsafeRawBufferPointer) -> Entry? {
        guard bytes.count >= entrySize else { return nil }
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<12]))
        guard crc == bytes.loadU32(at: 12) else { return nil }
        return Entry(sequence: bytes.loadU64(at: 0), samples: bytes.loadU32(at: 8))
    }

    /// Each whole 16-byte slot of `bytes` in order: its entry, or nil where the slot fails its CRC.
    public static func entries(_ bytes: [UInt8]) -> [Entry?] {
        bytes.withUnsafeBytes { raw in
            stride(from: 0, through: raw.count - entrySize, by: entrySize).map {
                parseEntry(UnsafeRawBufferPointer(rebasing: raw[$0..<$0 + entrySize]))
            }
        }
    }

    static func encodeTrailer(_ seal: SealTrailer) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(trailerSize)
        out.appendBigEndian(trailerMarker)
        out.appendBigEndian(UInt64(seal.segmentBytes))
        out.appendBigEndian(seal.lastSequence)
        out.appendBigEndian(seal.recordCount)
        out.appendBigEndian(seal.sampleTotal)
        out.appendBigEndian(UInt32(0))
        out.appendBigEndian(CRC32C.checksum(out))
        return out
    }

    /// The seal trailer at the start of `bytes`, if `bytes` holds an intact one.
    public static func parseTrailer(_ bytes: [UInt8]) -> SealTrailer? {
        bytes.withUnsafeBytes { bytes in
            guard bytes.count >= trailerSize, bytes.loadU64(at: 0) == trailerMarker else { return nil }
            guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<44])) == bytes.loadU32(at: 44),
                  bytes.loadU32(at: 40) == 0 else { return nil }
            return SealTrailer(segmentBytes: Int64(bitPattern: bytes.loadU64(at: 8)), lastSequence: bytes.loadU64(at: 16),
                               recordCount: bytes.loadU64(at: 24), sampleTotal: bytes.loadU64(at: 32))
        }
    }
}

/// What a sealed segment holds, written last into its index so that recovery can trust the
/// segment without reading it.
public struct SealTrailer: Hashable, Sendable {
    /// The segment file's size when it was sealed.
    public var segmentBytes: Int64
    /// The sequence of its last record.
    public var lastSequence: UInt64
    /// Its records (last − first + 1).
    public var recordCount: UInt64
    /// The samples in its records.
    public var sampleTotal: UInt64
}
