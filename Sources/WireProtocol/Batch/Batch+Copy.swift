extension Batch {
    /// Calls `body` with one cell in PostgreSQL's binary send format, exactly the bytes a
    /// `COPY ... (FORMAT binary)` tuple carries for it, or with nil for NULL.
    ///
    /// Nothing is converted: the bytes are the payload's own, except that a byte-shuffled 8-byte
    /// value is gathered from its planes into a stack buffer. The buffer is valid only inside `body`.
    public func withCopyField<R, E: Error>(row: Int, column: Int, _ body: (UnsafeRawBufferPointer?) throws(E) -> R) throws(E) -> R {
        precondition(row >= 0 && row < rowCount, "row \(row) out of 0..<\(rowCount)")
        let layout = layouts[column]
        let result: Result<R, E> = payload.withUnsafeBytes { bytes in
            Result { () throws(E) -> R in
                if layout.isNull(row, in: bytes) { return try body(nil) }
                switch layout.type.fixedWidth {
                case 1:
                    return try body(UnsafeRawBufferPointer(rebasing: bytes[layout.values + row..<layout.values + row + 1]))
                case 8 where !layout.shuffled:
                    let start = layout.values + 8 * row
                    return try body(UnsafeRawBufferPointer(rebasing: bytes[start..<start + 8]))
                case 8:
                    var big = layout.eightBytes(row, rowCount: rowCount, in: bytes).bigEndian
                    return try withUnsafeBytes(of: &big) { (value) throws(E) -> R in try body(value) }
                default:
                    return try body(UnsafeRawBufferPointer(rebasing: bytes[layout.range(of: row)]))
                }
            }
        }
        return try result.get()
    }

    /// Appends one cell as a `COPY ... (FORMAT binary)` field: a big-endian i32 length (-1 for
    /// NULL) followed by the value bytes in PostgreSQL's binary send format.
    public func appendCopyField(row: Int, column: Int, to buffer: inout [UInt8]) {
        withCopyField(row: row, column: column) { field in
            guard let field else {
                buffer.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
                return
            }
            let length = UInt32(field.count)
            buffer.append(UInt8(truncatingIfNeeded: length >> 24))
            buffer.append(UInt8(truncatingIfNeeded: length >> 16))
            buffer.append(UInt8(truncatingIfNeeded: length >> 8))
            buffer.append(UInt8(truncatingIfNeeded: length))
            buffer.append(contentsOf: field)
        }
    }
}
