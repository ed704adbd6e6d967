/// Big-endian loads and stores for the spool's fixed-layout structures (SPOOL.md section 1).
extension UnsafeRawBufferPointer {
    func loadU32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    func loadU64(at offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    mutating func appendBigEndian(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    func loadU32(at offset: Int) -> UInt32 { withUnsafeBytes { $0.loadU32(at: offset) } }
    func loadU64(at offset: Int) -> UInt64 { withUnsafeBytes { $0.loadU64(at: offset) } }
}
