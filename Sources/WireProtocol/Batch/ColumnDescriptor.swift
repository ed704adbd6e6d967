/// A column of a BATCH: its name, unique within the batch, and its type.
public struct ColumnDescriptor: Hashable, Sendable {
    /// 1–63 bytes of `[a-z_][a-z0-9_]*`; matched by name against the backend's table.
    public var name: String
    public var type: ColumnType

    public init(name: String, type: ColumnType) {
        self.name = name
        self.type = type
    }
}

/// The rule for family and column names (PROTOCOL.md section 4): 1–63 bytes of
/// `[a-z_][a-z0-9_]*`.
public enum WireName {
    /// Longest name, in bytes.
    public static let maxLength = 63

    /// Whether `name` follows the rule.
    public static func isValid(_ name: String) -> Bool {
        Array(name.utf8).withUnsafeBytes { firstViolation($0) } == nil
    }

    /// Index of the first byte that breaks the rule (0 for a bad length), or nil when valid.
    static func firstViolation(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 1, bytes.count <= maxLength else { return 0 }
        for (index, byte) in bytes.enumerated() {
            let isLetter = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard isLetter || (isDigit && index > 0) else { return index }
        }
        return nil
    }

    /// Reads a `string8` name, throwing `invalidName` at the field's first (length) byte.
    static func read(_ reader: inout ByteReader, _ what: WireField) throws(WireError) -> String {
        let fieldOffset = reader.offset
        let length = Int(try reader.readU8(what.length))
        let start = try reader.skip(length, what)
        let bytes = UnsafeRawBufferPointer(rebasing: reader.buffer[start..<start + length])
        if let violation = firstViolation(bytes) {
            if length == 0 || length > maxLength {
                throw reader.error(.invalidName, at: fieldOffset, "\(what) is \(length) bytes, must be 1...\(maxLength)")
            }
            throw reader.error(.invalidName, at: fieldOffset,
                               "\(what) has byte 0x\(hex(bytes[violation], width: 2)) at position \(violation); names are [a-z_][a-z0-9_]*")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
