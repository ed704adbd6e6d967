/// Reads and validates the column data of a BATCH payload (PROTOCOL.md section 6.3) along its
/// schema's steps, writing the batch's index (see `Batch.index`), without converting values.
///
/// A run of plain fixed-width columns costs one length check; a bool column's bytes, a null
/// bitmap's trailing bits and a variable-width column's lengths, UTF-8 or numeric values are
/// checked value by value. The checks, their order, errors and offsets are those of PROTOCOL.md:
/// where a fast loop finds a problem, the row-by-row loop runs again to report the first one.
enum ColumnReader {
    /// Reads every column after the header and returns the index.
    static func read(_ reader: inout ByteReader, schema: BatchSchema, rowCount: Int, limits: Limits) throws(WireError) -> BatchIndex {
        // Each value end stands for a 4-byte length in the payload, so the index never needs more
        // words than the columns plus a quarter of the bytes left. Allocating no more than that
        // keeps a row count the bytes cannot back from costing memory; such a payload always
        // fails below, before a word past this bound would be written.
        let count = min(schema.indexCount(rowCount: rowCount), schema.shapes.count + reader.remaining / 4)
        let index = BatchIndex(count: count)
        let result = index.withMutableWords { words in
            Result { () throws(WireError) in try readColumns(&reader, schema, rowCount, limits, into: words) }
        }
        try result.get()
        return index
    }

    private static func readColumns(
        _ reader: inout ByteReader, _ schema: BatchSchema, _ rowCount: Int, _ limits: Limits, into index: UnsafeMutablePointer<UInt32>
    ) throws(WireError) {
        let shapes = schema.shapes
        for step in schema.steps {
            if step.width != 0, let start = reader.take(rowCount &* step.width) {
                var offset = start
                for column in step.first..<step.first + step.count {
                    index[column] = UInt32(truncatingIfNeeded: offset)
                    offset &+= rowCount &* Int(shapes[column].width)
                }
                continue
            }
            // One column with checks, or a run that is cut short: then column by column, so
            // that the error names the first column that does not fit.
            for column in step.first..<step.first + step.count {
                let values = try readColumn(&reader, column, shapes[column], schema, rowCount, limits, index)
                index[column] = UInt32(truncatingIfNeeded: values)
            }
        }
    }

    /// Reads one column with all its checks and returns the payload offset of its values (fixed
    /// width) or data (variable width); a variable-width column's value ends go to `index`.
    private static func readColumn(
        _ reader: inout ByteReader, _ column: Int, _ shape: ColumnShape, _ schema: BatchSchema, _ rowCount: Int, _ limits: Limits,
        _ index: UnsafeMutablePointer<UInt32>
    ) throws(WireError) -> Int {
        var nullBitmap: Int?
        if shape.hasNullBitmap {
            let size = (rowCount + 7) / 8
            guard let start = reader.take(size) else {
                throw reader.truncation(size, WireField("null bitmap of column", schema.columns[column].name))
            }
            if rowCount % 8 != 0, reader.buffer[start + size - 1] >> UInt8(rowCount % 8) != 0 {
                throw reader.error(.reservedBitsSet, at: start + size - 1,
                                   "null bitmap of column \(schema.columns[column].name) has bits set past row \(rowCount - 1)")
            }
            nullBitmap = start
        }
        if shape.width != 0 {
            return try readFixed(&reader, column, shape, schema, rowCount, nullBitmap)
        }
        let ends = index + schema.shapes.count + Int(shape.variableOrdinal) * rowCount
        return try readVariable(&reader, column, shape, schema, rowCount, nullBitmap, limits, ends)
    }

    private static func isNull(_ row: Int, _ nullBitmap: Int?, _ payload: UnsafeRawBufferPointer) -> Bool {
        guard let nullBitmap else { return false }
        return payload[nullBitmap + row >> 3] & (1 << UInt8(row & 7)) != 0
    }

    private static func readFixed(
        _ reader: inout ByteReader, _ column: Int, _ shape: ColumnShape, _ schema: BatchSchema, _ rowCount: Int, _ nullBitmap: Int?
    ) throws(WireError) -> Int {
        // No overflow: the row count is a u32 and the width at most 8.
        let size = rowCount * Int(shape.width)
        guard let start = reader.take(size) else {
            throw reader.truncation(size, WireField("values of column", schema.columns[column].name))
        }
        guard shape.type == .bool else { return start }
        let payload = reader.buffer
        var row = 0
        while row < rowCount {
            // Eight rows at a time while every byte is 0 or 1.
            if rowCount - row >= 8, payload.loadUnaligned(fromByteOffset: start + row, as: UInt64.self) & 0xFEFE_FEFE_FEFE_FEFE == 0 {
                row += 8
                continue
            }
            let byte = payload[start + row]
            // A NULL row's bytes are ignored (PROTOCOL.md section 6.3).
            if byte > 1, !isNull(row, nullBitmap, payload) {
                throw reader.error(.invalidBool, at: start + row,
                                   "column \(schema.columns[column].name) row \(row): bool byte 0x\(hex(byte, width: 2)), must be 0 or 1")
            }
            row += 1
        }
        return start
    }

    private static func readVariable(
        _ reader: inout ByteReader, _ column: Int, _ shape: ColumnShape, _ schema: BatchSchema, _ rowCount: Int, _ nullBitmap: Int?,
        _ limits: Limits, _ ends: UnsafeMutablePointer<UInt32>
    ) throws(WireError) -> Int {
        let dataLengthOffset = reader.offset
        guard reader.remaining >= 4 else { throw reader.truncation(4, WireField("data length of column", schema.columns[column].name)) }
        let dataLength = Int(reader.readU32Unchecked())
        guard let lengths = reader.take(4 * rowCount) else {
            throw reader.truncation(4 * rowCount, WireField("value lengths of column", schema.columns[column].name))
        }
        let payload = reader.buffer
        // One pass without branches on the values; any problem is reported by `checkLengths`.
        // No overflow: fewer than 2^30 lengths (they are in the payload) of less than 2^32.
        var sum = 0
        var longest: UInt32 = 0
        var nullWithLength = false
        for row in 0..<rowCount {
            let length = UInt32(bigEndianBytes: payload, at: lengths + 4 * row)
            sum &+= Int(length)
            ends[row] = UInt32(truncatingIfNeeded: sum)
            longest = max(longest, length)
        }
        if let nullBitmap {
            for row in 0..<rowCount where isNull(row, nullBitmap, payload) {
                nullWithLength = nullWithLength || UInt32(bigEndianBytes: payload, at: lengths + 4 * row) != 0
            }
        }
        if Int(longest) > limits.maxValueBytes || nullWithLength || sum != dataLength {
            try checkLengths(reader, column, schema, rowCount, nullBitmap, limits, dataLengthOffset: dataLengthOffset, dataLength: dataLength,
                             lengths: lengths)
        }
        guard let data = reader.take(dataLength) else {
            throw reader.truncation(dataLength, WireField("data of column", schema.columns[column].name))
        }
        let blob = UnsafeRawBufferPointer(rebasing: payload[data..<data + dataLength])
        switch shape.type {
        case .text:
            // `UTF8Validation.validateText`, naming the column only when there is an error.
            let check = UTF8Validation.checkText(blob)
            if check != .ascii {
                if let error = check.error(in: blob, at: data, WireField("text of column", schema.columns[column].name)) { throw error }
                for row in 0..<rowCount {
                    let start = row == 0 ? 0 : Int(ends[row - 1])
                    if start < Int(ends[row]), UTF8Validation.isContinuation(blob[start]) {
                        throw reader.error(.invalidUTF8, at: data + start,
                                           "column \(schema.columns[column].name) row \(row) starts inside a multibyte character")
                    }
                }
            }
        case .numeric:
            for row in 0..<rowCount where !isNull(row, nullBitmap, payload) {
                let start = row == 0 ? 0 : Int(ends[row - 1])
                try Numeric.validate(UnsafeRawBufferPointer(rebasing: blob[start..<Int(ends[row])]), at: data + start)
            }
        default:
            break
        }
        return data
    }

    /// The value lengths' checks row by row, in the order PROTOCOL.md gives them: throws the
    /// first failure.
    private static func checkLengths(
        _ reader: ByteReader, _ column: Int, _ schema: BatchSchema, _ rowCount: Int, _ nullBitmap: Int?, _ limits: Limits,
        dataLengthOffset: Int, dataLength: Int, lengths: Int
    ) throws(WireError) {
        let name = schema.columns[column].name
        let payload = reader.buffer
        var sum = 0
        for row in 0..<rowCount {
            let lengthOffset = lengths + 4 * row
            let length = Int(UInt32(bigEndianBytes: payload, at: lengthOffset))
            guard length <= limits.maxValueBytes else {
                throw reader.error(.valueTooLong, at: lengthOffset, "column \(name) row \(row): value of \(length) bytes, limit \(limits.maxValueBytes)")
            }
            if length != 0, isNull(row, nullBitmap, payload) {
                throw reader.error(.nullWithLength, at: lengthOffset, "column \(name) row \(row) is NULL with length \(length)")
            }
            sum += length
            guard sum <= dataLength else {
                throw reader.error(.lengthSumMismatch, at: dataLengthOffset,
                                   "column \(name): value lengths exceed the data length \(dataLength) at row \(row)")
            }
        }
        throw reader.error(.lengthSumMismatch, at: dataLengthOffset, "column \(name): data length \(dataLength), value lengths add up to \(sum)")
    }
}
