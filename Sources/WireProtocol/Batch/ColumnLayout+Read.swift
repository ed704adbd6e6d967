extension ColumnLayout {
    /// Reads and validates the data of column `index` of `columns` (PROTOCOL.md section 6.3)
    /// without converting values: fixed-width columns in O(1) (bool bytes are checked),
    /// variable-width ones in O(rows), appending their value ends to `ends`. The column's name is
    /// looked up only to describe an error.
    static func read(
        _ reader: inout ByteReader, column index: Int, of columns: [ColumnDescriptor], flags: UInt8, rowCount: Int, limits: Limits,
        ends: inout [UInt32]
    ) throws(WireError) -> ColumnLayout {
        let type = columns[index].type
        if flags & nullBitmapFlag == 0, let width = type.fixedWidth, type != .bool {
            // The common case: no bitmap, nothing to check but the length (the header checked
            // that only 8-byte columns are shuffled). Anything else takes the path below.
            let (size, overflow) = rowCount.multipliedReportingOverflow(by: width)
            if !overflow, let start = reader.take(size) {
                return ColumnLayout(type: type, nullBitmap: nil, hasNulls: false, values: start, shuffled: flags & shuffledFlag != 0, endsStart: 0)
            }
        }
        let name = columns[index].name
        var nullBitmap: Int?
        var hasNulls = false
        if flags & nullBitmapFlag != 0 {
            let size = (rowCount + 7) / 8
            guard let start = reader.take(size) else { throw reader.truncation(size, WireField("null bitmap of column", name)) }
            let bitmap = UnsafeRawBufferPointer(rebasing: reader.buffer[start..<start + size])
            if rowCount % 8 != 0, bitmap[size - 1] >> UInt8(rowCount % 8) != 0 {
                throw reader.error(.reservedBitsSet, at: start + size - 1,
                                   "null bitmap of column \(name) has bits set past row \(rowCount - 1)")
            }
            hasNulls = bitmap.contains { $0 != 0 }
            nullBitmap = start
        }
        let shuffled = flags & shuffledFlag != 0
        if let width = type.fixedWidth {
            let start = try readFixed(&reader, type: type, width: width, rowCount: rowCount, nullBitmap: nullBitmap, name: name)
            return ColumnLayout(type: type, nullBitmap: nullBitmap, hasNulls: hasNulls, values: start, shuffled: shuffled, endsStart: 0)
        }
        let endsStart = ends.count
        let data = try readVariable(&reader, type: type, rowCount: rowCount, nullBitmap: nullBitmap, limits: limits, name: name, ends: &ends)
        return ColumnLayout(type: type, nullBitmap: nullBitmap, hasNulls: hasNulls, values: data, shuffled: false, endsStart: endsStart)
    }

    private static func isNull(_ row: Int, _ nullBitmap: Int?, _ payload: UnsafeRawBufferPointer) -> Bool {
        guard let nullBitmap else { return false }
        return payload[nullBitmap + row >> 3] & (1 << UInt8(row & 7)) != 0
    }

    private static func readFixed(
        _ reader: inout ByteReader, type: ColumnType, width: Int, rowCount: Int, nullBitmap: Int?, name: String
    ) throws(WireError) -> Int {
        let (size, overflow) = rowCount.multipliedReportingOverflow(by: width)
        guard !overflow else {
            throw reader.error(.truncatedField, "column \(name): \(rowCount) rows of \(width) bytes overflow")
        }
        guard let start = reader.take(size) else { throw reader.truncation(size, WireField("values of column", name)) }
        guard type == .bool else { return start }
        let payload = reader.buffer
        var index = 0
        while index < rowCount {
            // Eight rows at a time while every byte is 0 or 1.
            if rowCount - index >= 8, payload.loadUnaligned(fromByteOffset: start + index, as: UInt64.self) & 0xFEFE_FEFE_FEFE_FEFE == 0 {
                index += 8
                continue
            }
            let byte = payload[start + index]
            // A NULL row's bytes are ignored (PROTOCOL.md section 6.3).
            if byte > 1, !isNull(index, nullBitmap, payload) {
                throw reader.error(.invalidBool, at: start + index, "column \(name) row \(index): bool byte 0x\(hex(byte, width: 2)), must be 0 or 1")
            }
            index += 1
        }
        return start
    }

    private static func readVariable(
        _ reader: inout ByteReader, type: ColumnType, rowCount: Int, nullBitmap: Int?, limits: Limits, name: String,
        ends: inout [UInt32]
    ) throws(WireError) -> Int {
        let dataLengthOffset = reader.offset
        guard reader.remaining >= 4 else { throw reader.truncation(4, WireField("data length of column", name)) }
        let dataLength = Int(reader.readU32Unchecked())
        guard let lengths = reader.take(4 * rowCount) else { throw reader.truncation(4 * rowCount, WireField("value lengths of column", name)) }
        let payload = reader.buffer
        let base = ends.count
        ends.reserveCapacity(base + rowCount)
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
            // Checked as the sum grows, so it never passes the u32 data length.
            guard sum <= dataLength else {
                throw reader.error(.lengthSumMismatch, at: dataLengthOffset,
                                   "column \(name): value lengths exceed the data length \(dataLength) at row \(row)")
            }
            ends.append(UInt32(sum))
        }
        guard sum == dataLength else {
            throw reader.error(.lengthSumMismatch, at: dataLengthOffset, "column \(name): data length \(dataLength), value lengths add up to \(sum)")
        }
        guard let data = reader.take(dataLength) else { throw reader.truncation(dataLength, WireField("data of column", name)) }
        let blob = UnsafeRawBufferPointer(rebasing: payload[data..<data + dataLength])
        switch type {
        case .text:
            let isASCII = try UTF8Validation.validateText(blob, at: data, WireField("text of column", name))
            if !isASCII {
                for row in 0..<rowCount {
                    let start = row == 0 ? 0 : Int(ends[base + row - 1])
                    if start < Int(ends[base + row]), UTF8Validation.isContinuation(blob[start]) {
                        throw reader.error(.invalidUTF8, at: data + start, "column \(name) row \(row) starts inside a multibyte character")
                    }
                }
            }
        case .numeric:
            for row in 0..<rowCount where !isNull(row, nullBitmap, payload) {
                let start = row == 0 ? 0 : Int(ends[base + row - 1])
                try Numeric.validate(UnsafeRawBufferPointer(rebasing: blob[start..<Int(ends[base + row])]), at: data + start)
            }
        default:
            break
        }
        return data
    }
}
