extension Numeric {
    /// Checks one binary `numeric` value of a BATCH column, as PostgreSQL's `numeric_recv` would.
    ///
    /// - Parameters:
    ///   - bytes: the value.
    ///   - offset: payload offset of its first byte, for errors.
    /// - Throws: `invalidNumeric` at the value's first byte; the detail names the field.
    static func validate(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(WireError) {
        func fail(_ field: Int, _ detail: String) -> WireError {
            WireError(.invalidNumeric, offset: offset, inPayload: true, "\(detail) (value byte \(field))")
        }
        guard bytes.count >= headerSize else {
            throw fail(0, "numeric value is \(bytes.count) bytes, shorter than its 8-byte header")
        }
        let count = Int(UInt16(bigEndianBytes: bytes, at: 0))
        guard bytes.count == headerSize + 2 * count else {
            throw fail(0, "numeric declares \(count) digits (\(headerSize + 2 * count) bytes) in a \(bytes.count)-byte value")
        }
        let signWord = UInt16(bigEndianBytes: bytes, at: 4)
        guard let sign = Sign(rawValue: signWord) else {
            throw fail(4, "numeric sign 0x\(hex(signWord, width: 4)) is not 0x0000, 0x4000, 0xC000, 0xD000 or 0xF000")
        }
        guard !sign.isSpecial || count == 0 else {
            throw fail(0, "numeric NaN or infinity with \(count) digits; must have none")
        }
        let dscale = UInt16(bigEndianBytes: bytes, at: 6)
        guard dscale <= maxDisplayScale else {
            throw fail(6, "numeric display scale \(dscale) exceeds \(maxDisplayScale)")
        }
        for index in 0..<count {
            let digit = UInt16(bigEndianBytes: bytes, at: headerSize + 2 * index)
            guard digit <= 9999 else {
                throw fail(headerSize + 2 * index, "numeric digit \(index) is \(digit), must be 0...9999")
            }
        }
    }
}
