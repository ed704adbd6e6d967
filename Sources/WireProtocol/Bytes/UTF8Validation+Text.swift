extension UTF8Validation {
    /// Checks a whole text column's data blob in one pass: valid UTF-8 and no NUL byte.
    ///
    /// ASCII, which most statistics text is, is checked eight bytes at a time; other characters
    /// are checked against the well-formed byte sequences of Unicode table 3-7, so overlong forms,
    /// surrogates and code points past U+10FFFF are refused.
    ///
    /// - Parameters:
    ///   - bytes: the blob.
    ///   - offset: payload offset of its first byte, for errors.
    /// - Returns: whether the blob is all ASCII (then no value boundary can split a character).
    /// - Throws: `nulInString` at the NUL byte, `invalidUTF8` at the first byte of the bad sequence.
    public static func validateText(_ bytes: UnsafeRawBufferPointer, at offset: Int, _ what: WireField) throws(WireError) -> Bool {
        let check = checkText(bytes)
        if let error = check.error(in: bytes, at: offset, what) { throw error }
        return check == .ascii
    }

    /// The outcome of `checkText`.
    enum TextCheck: Equatable {
        /// ASCII without NUL.
        case ascii
        /// Valid UTF-8 without NUL, not all ASCII.
        case valid
        /// A NUL byte at this index.
        case nul(Int)
        /// An ill-formed sequence starting at this index.
        case invalid(Int)

        /// The error `validateText` throws for this outcome, nil for valid text.
        func error(in bytes: UnsafeRawBufferPointer, at offset: Int, _ what: WireField) -> WireError? {
            switch self {
            case .ascii, .valid:
                return nil
            case .nul(let index):
                return WireError(.nulInString, offset: offset + index, inPayload: true, "\(what) contains a NUL byte")
            case .invalid(let index):
                return WireError(.invalidUTF8, offset: offset + index, inPayload: true,
                                 "\(what) has an invalid UTF-8 sequence starting with byte 0x\(hex(bytes[index], width: 2))")
            }
        }
    }

    /// `validateText` without building an error: where the first problem is, if any.
    static func checkText(_ bytes: UnsafeRawBufferPointer) -> TextCheck {
        let count = bytes.count
        var index = 0
        var isASCII = true
        while index < count {
            while count - index >= 8 {
                let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // A byte with its high bit set, or a zero byte (the classic has-zero-byte test).
                let zero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                guard (word & 0x8080_8080_8080_8080) | zero == 0 else { break }
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                guard lead != 0 else { return .nul(index) }
                index += 1
                continue
            }
            isASCII = false
            guard let width = sequenceWidth(bytes, at: index) else { return .invalid(index) }
            index += width
        }
        return isASCII ? .ascii : .valid
    }

    /// The length of the well-formed multibyte sequence at `index`, or nil when it is not one.
    private static func sequenceWidth(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int? {
        let lead = bytes[index]
        let width: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: width = 2
        case 0xE0: width = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: width = 3
        case 0xED: width = 3; secondRange = 0x80...0x9F
        case 0xF0: width = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: width = 4
        case 0xF4: width = 4; secondRange = 0x80...0x8F
        default: return nil
        }
        guard bytes.count - index >= width, secondRange.contains(bytes[index + 1]) else { return nil }
        for next in index + 2..<index + width where !isContinuation(bytes[next]) {
            return nil
        }
        return width
    }
}
