extension Batch {
    /// Calls `body` with one cell in PostgreSQL's binary send format, exactly the bytes a
    /// `COPY ... (FORMAT binary)` tuple carries for it, or with nil for NULL.
    ///
    /// Nothing is converted: the bytes are the payload's own, except that a byte-shuffled 8-byte
    /// value is gathered from its planes into a stack buffer. The buffer is valid only inside `body`.
    public func withCopyField<R, E: Error>(row: Int, column: Int, _ body: (UnsafeRawBufferPointer?) throws(E) -> R) throws(E) -> R {
        precondition(row >= 0 && row < rowCount, "row \(row) out of 0..<\(rowCount)")
        let result: Result<R, E> = withColumn(column) { layout, bytes, index in
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
                    return try body(UnsafeRawBufferPointer(rebasing: bytes[layout.range(of: row, in: index)]))
                }
            }
        }
        return try result.get()
    }

    /// Appends one cell as a `COPY ... (FORMAT binary)` field: a big-endian i32 length (-1 for
    /// NULL) followed by the value bytes in PostgreSQL's binary send format.
    public func appendCopyField(row: Int, column: Int, to buffer: inout [UInt8]) {
        precondition(row >= 0 && row < rowCount, "row \(row) out of 0..<\(rowCount)")
        withColumn(column) { layout, bytes, index in
            appendField(layout, row: row, from: bytes, index: index, to: &buffer)
        }
    }

    /// Appends row `row` as a `COPY ... (FORMAT binary)` tuple: a big-endian i16 field count, then
    /// one field per entry of `columns`, which maps each column of the target table to a column
    /// of this batch, or to nil for a table column the batch lacks (written as NULL).
    public func appendCopyTuple(row: Int, columns: [Int?], to buffer: inout [UInt8]) {
        precondition(row >= 0 && row < rowCount, "row \(row) out of 0..<\(rowCount)")
        precondition(columns.count <= Int(Int16.max), "a COPY tuple has at most 32767 fields")
        Self.appendBigEndian(UInt16(columns.count), to: &buffer)
        let shapes = schema.shapes
        payload.withUnsafeBytes { bytes in
            index.withWords { index in
                for column in columns {
                    if let column {
                        let layout = ColumnLayout(shapes[column], values: Int(index[column]), rowCount: rowCount, columnCount: shapes.count)
                        appendField(layout, row: row, from: bytes, index: index, to: &buffer)
                    } else {
                        Self.appendBigEndian(UInt32.max, to: &buffer)
                    }
                }
            }
        }
    }

    private func appendField(
        _ layout: ColumnLayout, row: Int, from bytes: UnsafeRawBufferPointer, index: UnsafeBufferPointer<UInt32>, to buffer: inout [UInt8]
    ) {
        if layout.isNull(row, in: bytes) {
            Self.appendBigEndian(UInt32.max, to: &buffer)  // -1
            return
        }
        switch layout.type.fixedWidth {
        case 1:
            Self.appendBigEndian(UInt32(1), to: &buffer)
            buffer.append(bytes[layout.values + row])
        case 8:
            Self.appendBigEndian(UInt32(8), to: &buffer)
            Self.appendBigEndian(layout.eightBytes(row, rowCount: rowCount, in: bytes), to: &buffer)
        default:
            let range = layout.range(of: row, in: index)
            Self.appendBigEndian(UInt32(range.count), to: &buffer)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
    }

    private static func appendBigEndian<T: FixedWidthInteger>(_ value: T, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }
}
