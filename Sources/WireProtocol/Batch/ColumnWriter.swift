/// Writes the values of one BATCH column from `Value`s (the bitmap is written before).
struct ColumnWriter {
    let column: ColumnDescriptor
    let index: Int
    let rowCount: Int
    let limits: Limits

    /// Writes the column's values, taken from `cell(row, index)`.
    func write(into writer: inout ByteWriter, cell: (Int, Int) -> Value) throws(WireError) {
        let start = writer.count
        var fixed: [UInt64] = []
        var variable: [[UInt8]] = []
        for row in 0..<rowCount {
            let value = cell(row, index)
            guard value.fits(column.type) else {
                throw WireError(.valueTypeMismatch, offset: start, inPayload: true,
                                "column \(column.name) row \(row): \(value) does not fit type \(column.type)")
            }
            switch value {
            case .null: column.type.fixedWidth == nil ? variable.append([]) : fixed.append(0)
            case .bool(let bool): fixed.append(bool ? 1 : 0)
            case .int8(let int), .timestamptz(let int): fixed.append(UInt64(bitPattern: int))
            case .float8(let double): fixed.append(double.bitPattern)
            case .text(let text): variable.append(Array(text.utf8))
            case .bytea(let bytes): variable.append(bytes)
            case .numeric(let numeric): variable.append(numeric.encodedBytes)
            }
        }
        switch column.type.fixedWidth {
        case 1:
            try checkSize(start + rowCount, at: start)
            for value in fixed { writer.write(UInt8(value)) }
        case 8:
            try checkSize(start + 8 * rowCount, at: start)
            // Byte-shuffled: plane k holds byte k (most significant first) of every value.
            for shift in stride(from: 56, through: 0, by: -8) {
                for value in fixed { writer.write(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
            }
        default:
            try writeVariable(variable, into: &writer)
        }
    }

    private func writeVariable(_ values: [[UInt8]], into writer: inout ByteWriter) throws(WireError) {
        let lengthsStart = writer.count + 4
        var total = 0
        for (row, value) in values.enumerated() {
            guard value.count <= limits.maxValueBytes else {
                throw WireError(.valueTooLong, offset: lengthsStart + 4 * row, inPayload: true,
                                "column \(column.name) row \(row): value of \(value.count) bytes, limit \(limits.maxValueBytes)")
            }
            total += value.count
        }
        try checkSize(lengthsStart + 4 * rowCount + total, at: writer.count)
        guard total <= Int(UInt32.max) else {
            throw WireError(.valueTooLong, offset: writer.count, inPayload: true, "column \(column.name): \(total) bytes of data")
        }
        writer.write(UInt32(total))
        for value in values { writer.write(UInt32(value.count)) }
        for value in values { writer.write(contentsOf: value) }
    }

    /// Refuses a payload that would grow past the receiver's decompressed-payload limit.
    private func checkSize(_ end: Int, at offset: Int) throws(WireError) {
        guard end <= limits.maxDecompressedPayload else {
            throw WireError(.decompressedTooLarge, offset: 12,
                            "column \(column.name) would end the payload at \(end) bytes, limit \(limits.maxDecompressedPayload)")
        }
    }
}
