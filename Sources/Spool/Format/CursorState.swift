import WireProtocol

/// The contents of the `CURSOR` file (SPOOL.md section 6): how far the backend acknowledged, and
/// what the size bound discarded since the spool was created.
public struct CursorState: Hashable, Sendable {
    /// The cursor file's name in the spool directory.
    public static let fileName = "CURSOR"
    /// Bytes in the cursor file.
    public static let size = 64
    /// ASCII `PGSC`.
    public static let magic: UInt32 = 0x5047_5343
    /// The only cursor format version this build reads and writes.
    public static let currentVersion: UInt8 = 1

    /// Every record with a sequence at or below this was acknowledged by the backend.
    public var acknowledged: UInt64 = 0
    /// The highest sequence discarded unacknowledged by the size or age bound.
    public var droppedThrough: UInt64 = 0
    /// Unacknowledged records discarded by the bounds or by a full disk, since creation.
    public var droppedRecords: UInt64 = 0
    /// The samples (rows) in those records, as the appender reported them.
    public var droppedSamples: UInt64 = 0

    public init() {}

    var encoded: [UInt8] {
        [UInt8].checkedStructure(size: Self.size, magic: Self.magic, version: Self.currentVersion) { out in
            out.appendBigEndian(acknowledged)
            out.appendBigEndian(droppedThrough)
            out.appendBigEndian(droppedRecords)
            out.appendBigEndian(droppedSamples)
        }
    }

    /// Parses and checks a whole cursor file, in the order: length, magic, CRC, version. The
    /// problem names the first check that failed and the offset of the field.
    public static func parse(_ bytes: [UInt8]) -> Result<CursorState, CursorProblem> {
        guard bytes.count == size else {
            return .failure(CursorProblem(offset: Int64(min(bytes.count, size)), "cursor file has \(bytes.count) bytes, expected \(size)"))
        }
        return bytes.withUnsafeBytes { raw in
            let found = raw.loadU32(at: 0)
            guard found == magic else {
                return .failure(CursorProblem(offset: 0, "cursor magic is 0x\(hexText(found)), expected 0x\(hexText(magic)) (\"PGSC\")"))
            }
            let stored = raw.loadU32(at: 60)
            let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<60]))
            guard computed == stored else {
                return .failure(CursorProblem(offset: 60, "cursor CRC-32C is 0x\(hexText(stored)), bytes 0-59 give 0x\(hexText(computed))"))
            }
            guard raw[4] == currentVersion else {
                return .failure(CursorProblem(offset: 4, "cursor format version \(raw[4]) is not \(currentVersion)"))
            }
            var state = CursorState()
            state.acknowledged = raw.loadU64(at: 8)
            state.droppedThrough = raw.loadU64(at: 16)
            state.droppedRecords = raw.loadU64(at: 24)
            state.droppedSamples = raw.loadU64(at: 32)
            return .success(state)
        }
    }
}

/// Why a cursor file was rejected: the offset of the failing field, and what is wrong.
public struct CursorProblem: Error, Hashable, Sendable {
    /// Offset of the failing field within the cursor file.
    public var offset: Int64
    /// What exactly is wrong, for people.
    public var detail: String

    init(offset: Int64, _ detail: String) {
        self.offset = offset
        self.detail = detail
    }
}
