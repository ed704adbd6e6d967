import WireProtocol

extension Array where Element == UInt8 {
    /// A fixed-size structure as SPOOL.md lays out the segment header and the cursor: u32 magic,
    /// u8 version, three reserved zero bytes, the fields `fields` appends, reserved zero bytes up
    /// to `size - 4`, then the CRC-32C of everything before it.
    static func checkedStructure(size: Int, magic: UInt32, version: UInt8, _ fields: (inout [UInt8]) -> Void) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(size)
        out.appendBigEndian(magic)
        out.append(version)
        out.append(contentsOf: [0, 0, 0])
        fields(&out)
        out.append(contentsOf: [UInt8](repeating: 0, count: size - 4 - out.count))
        out.appendBigEndian(CRC32C.checksum(out))
        return out
    }
}
