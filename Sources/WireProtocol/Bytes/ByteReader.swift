/// Reads big-endian fields from a buffer, throwing a `WireError` that names the offset of any
/// field that does not fit or does not follow the rules.
///
/// Valid only while the buffer it was made from is; use it inside `withUnsafeBytes`.
public struct ByteReader {
    public let buffer: UnsafeRawBufferPointer
    /// Offset of the next byte to read.
    public private(set) var offset: Int
    /// Whether offsets in errors are payload offsets (true) or frame offsets.
    public let inPayload: Bool

    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0, inPayload: Bool = true) {
        self.buffer = buffer
        self.offset = offset
        self.inPayload = inPayload
    }

    public var remaining: Int { buffer.count - offset }

    /// An error of this reader's kind at `offset` (the current offset unless given).
    public func error(_ code: WireError.Code, at offset: Int? = nil, _ detail: String) -> WireError {
        WireError(code, offset: offset ?? self.offset, inPayload: inPayload, detail)
    }

    /// Throws unless `count` more bytes are available; `what` names the field for the error.
    public func require(_ count: Int, _ what: WireField) throws(WireError) {
        guard count >= 0, count <= remaining else {
            throw truncation(count, what)
        }
    }

    /// The error `require` throws when `count` bytes are not available.
    func truncation(_ count: Int, _ what: WireField) -> WireError {
        error(.truncatedField, "\(what) needs \(count) bytes, only \(remaining) remain")
    }

    /// Skips `count` bytes when they are available and returns where they start; nil otherwise
    /// (the caller then throws `truncation`). For hot loops that name the field only on failure.
    @inline(__always)
    mutating func take(_ count: Int) -> Int? {
        guard count >= 0, count <= remaining else { return nil }
        defer { offset += count }
        return offset
    }

    public mutating func readU8(_ what: WireField) throws(WireError) -> UInt8 {
        try require(1, what)
        return readU8Unchecked()
    }

    public mutating func readU16(_ what: WireField) throws(WireError) -> UInt16 {
        try require(2, what)
        return readU16Unchecked()
    }

    public mutating func readU32(_ what: WireField) throws(WireError) -> UInt32 {
        try require(4, what)
        return readU32Unchecked()
    }

    public mutating func readU64(_ what: WireField) throws(WireError) -> UInt64 {
        try require(8, what)
        return readU64Unchecked()
    }

    public mutating func readI64(_ what: WireField) throws(WireError) -> Int64 {
        Int64(bitPattern: try readU64(what))
    }

    mutating func readU8Unchecked() -> UInt8 {
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func readU16Unchecked() -> UInt16 {
        defer { offset += 2 }
        return UInt16(bigEndianBytes: buffer, at: offset)
    }

    mutating func readU32Unchecked() -> UInt32 {
        defer { offset += 4 }
        return UInt32(bigEndianBytes: buffer, at: offset)
    }

    mutating func readU64Unchecked() -> UInt64 {
        defer { offset += 8 }
        return UInt64(bigEndianBytes: buffer, at: offset)
    }

    /// Skips `count` bytes after checking they exist; returns the offset where they start.
    public mutating func skip(_ count: Int, _ what: WireField) throws(WireError) -> Int {
        try require(count, what)
        defer { offset += count }
        return offset
    }

    /// Reads `count` bytes as a new array, after checking `count` against `limit`.
    public mutating func readBytes(_ count: Int, limit: Int, _ what: WireField) throws(WireError) -> [UInt8] {
        guard count <= limit else {
            throw error(.valueTooLong, "\(what) is \(count) bytes, limit \(limit)")
        }
        let start = try skip(count, what)
        return Array(UnsafeRawBufferPointer(rebasing: buffer[start..<start + count]))
    }

    /// Reads a `string8` (u8 length + UTF-8 without NUL).
    public mutating func readString8(_ what: WireField) throws(WireError) -> String {
        let length = Int(try readU8(what.length))
        return try readUTF8(length, what)
    }

    /// Reads a `string16` (u16 length + UTF-8 without NUL), checking the length against `limit`.
    public mutating func readString16(limit: Int, _ what: WireField) throws(WireError) -> String {
        let lengthOffset = offset
        let length = Int(try readU16(what.length))
        guard length <= limit else {
            throw error(.valueTooLong, at: lengthOffset, "\(what) is \(length) bytes, limit \(limit)")
        }
        return try readUTF8(length, what)
    }

    /// Reads a `bytes32` (u32 length + bytes), checking the length against `limit` first.
    public mutating func readBytes32(limit: Int, _ what: WireField) throws(WireError) -> [UInt8] {
        let lengthOffset = offset
        let length = Int(try readU32(what.length))
        guard length <= limit else {
            throw error(.valueTooLong, at: lengthOffset, "\(what) is \(length) bytes, limit \(limit)")
        }
        return try readBytes(length, limit: limit, what)
    }

    private mutating func readUTF8(_ length: Int, _ what: WireField) throws(WireError) -> String {
        let start = try skip(length, what)
        let slice = UnsafeRawBufferPointer(rebasing: buffer[start..<start + length])
        return try UTF8Validation.string(slice, at: start, inPayload: inPayload, what)
    }

    /// Throws `trailingBytes` unless everything was consumed.
    public func expectEnd(_ what: WireField) throws(WireError) {
        guard remaining == 0 else {
            throw error(.trailingBytes, "\(remaining) bytes left over after \(what)")
        }
    }
}

/// UTF-8 checks shared by every string field and text column.
public enum UTF8Validation {
    /// Decodes `bytes` as UTF-8 without NUL, or throws naming the offset of the first bad byte.
    public static func string(_ bytes: UnsafeRawBufferPointer, at offset: Int, inPayload: Bool, _ what: WireField) throws(WireError) -> String {
        if let nul = bytes.firstIndex(of: 0) {
            throw WireError(.nulInString, offset: offset + nul, inPayload: inPayload, "\(what) contains a NUL byte")
        }
        guard let string = String(validating: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self) else {
            throw WireError(.invalidUTF8, offset: offset + firstInvalidUTF8Offset(bytes), inPayload: inPayload, "\(what) is not valid UTF-8")
        }
        return string
    }

    /// Whether `bytes` is valid UTF-8.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // ASCII fast path, a word at a time: most statistics text is ASCII.
        var index = 0
        let count = bytes.count
        while count - index >= 8 {
            if bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        if index == count { return true }
        return String(validating: UnsafeRawBufferPointer(rebasing: bytes[index...]).assumingMemoryBound(to: UInt8.self), as: UTF8.self) != nil
    }

    /// True for bytes 0x80...0xBF, which never start a character.
    @inlinable public static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    static func firstInvalidUTF8Offset(_ bytes: UnsafeRawBufferPointer) -> Int {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
            case .emptyInput:
                return consumed
            case .error:
                return consumed
            }
        }
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for bodies that throw `WireError`, keeping the error's type.
    public func withWireBytes<T>(_ body: (UnsafeRawBufferPointer) throws(WireError) -> T) throws(WireError) -> T {
        let result: Result<T, WireError> = withUnsafeBytes { raw in
            Result { () throws(WireError) -> T in try body(raw) }
        }
        return try result.get()
    }
}
