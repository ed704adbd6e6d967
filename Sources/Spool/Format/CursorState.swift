import WireProtocol

/// The contents of the `CURSOR` file (SPOOL.md section 6): how far the backend acknowledged, and
/// what the size bound discarded since the spool was created.
public struct CursorState: Hashable, Sendable {
    static let size = 64
    /// ASCII `PGSC`.
    static let magic: UInt32 = 0x5047_5343
    static let currentVersion: UInt8 = 1

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
        var out = [UInt8]()
        out.reserveCapacity(Self.size)
        out.appendBigEndian(Self.magic)
        out.append(Self.currentVersion)
        out.append(0)
        out.appendBigEndian(UInt16(0))
        out.appendBigEndian(acknowledged)
        out.appendBigEndian(droppedThrough)
        out.appendBigEndian(droppedRecords)
        out.appendBigEndian(droppedSamples)
        out.append(contentsOf: [UInt8](repeating: 0, count: 20))
        out.appendBigEndian(CRC32C.checksum(out))
        return out
    }

    static func parse(_ bytes: [UInt8]) -> Result<CursorState, SegmentHeader.HeaderProblem> {
        guard bytes.count == size else { return .failure(.init("cursor file has \(bytes.count) bytes, expected \(size)")) }
        return bytes.withUnsafeBytes { raw in
            guard raw.loadU32(at: 0) == magic else { return .failure(.init("cursor magic is wrong")) }
            let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<60]))
            guard computed == raw.loadU32(at: 60) else { return .failure(.init("cursor CRC-32C does not match")) }
            guard raw[4] == currentVersion else { return .failure(.init("cursor format version \(raw[4]) is not \(currentVersion)")) }
            var state = CursorState()
            state.acknowledged = raw.loadU64(at: 8)
            state.droppedThrough = raw.loadU64(at: 16)
            state.droppedRecords = raw.loadU64(at: 24)
            state.droppedSamples = raw.loadU64(at: 32)
            return .success(state)
        }
    }
}
