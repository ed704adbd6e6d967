/// Appends big-endian integers and length-prefixed fields to a growing byte array.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }

    public mutating func write(_ value: UInt8) { bytes.append(value) }
    public mutating func write(_ value: UInt16) { appendBigEndian(value) }
    public mutating func write(_ value: UInt32) { appendBigEndian(value) }
    public mutating func write(_ value: UInt64) { appendBigEndian(value) }
    public mutating func write(_ value: Int16) { appendBigEndian(UInt16(bitPattern: value)) }
    public mutating func write(_ value: Int64) { appendBigEndian(UInt64(bitPattern: value)) }

    public mutating func write<Bytes: Sequence>(contentsOf other: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: other)
    }

    /// Overwrites a big-endian `UInt32` at `offset`, for lengths known only after their content.
    public mutating func set(_ value: UInt32, at offset: Int) {
        bytes[offset] = UInt8(truncatingIfNeeded: value >> 24)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[offset + 2] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[offset + 3] = UInt8(truncatingIfNeeded: value)
    }

    /// A `string8`: u8 length, then UTF-8. The caller keeps it within 255 bytes.
    public mutating func writeString8(_ string: String) {
        let utf8 = Array(string.utf8)
        precondition(utf8.count <= 255, "string8 longer than 255 bytes")
        write(UInt8(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// A `string16`: u16 length, then UTF-8. The caller keeps it within 65,535 bytes.
    public mutating func writeString16(_ string: String) {
        let utf8 = Array(string.utf8)
        precondition(utf8.count <= 65_535, "string16 longer than 65535 bytes")
        write(UInt16(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// A `bytes32`: u32 length, then the bytes.
    public mutating func writeBytes32(_ data: [UInt8]) {
        write(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        var big = value.bigEndian
        withUnsafeBytes(of: &big) { bytes.append(contentsOf: $0) }
    }
}

extension FixedWidthInteger {
    /// Reads a big-endian integer at `offset`; the caller guarantees the bytes exist.
    @inlinable
    init(bigEndianBytes bytes: UnsafeRawBufferPointer, at offset: Int) {
        self = Self(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Self.self))
    }
}
