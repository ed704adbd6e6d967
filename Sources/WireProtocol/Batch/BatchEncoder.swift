/// Writes BATCH payloads in canonical layout (PROTOCOL.md section 6.3), checking as it goes what
/// could not be written at all; `Batch.decode` then checks the rest.
enum BatchEncoder {
    /// No limits: for laying out again a batch that was already accepted.
    static let unbounded = Limits(
        maxFramePayload: .max, maxDecompressedPayload: .max, maxRows: Int(UInt32.max), maxColumns: Int(UInt16.max),
        maxValueBytes: Int(UInt32.max), maxString16Bytes: .max, maxCertificateBytes: .max, maxCertificates: .max)

    static func encode(
        family: String, sampledAt: Int64, columns: [ColumnDescriptor], rowCount: Int, limits: Limits,
        rowWidths: (Int) -> Int, cell: (Int, Int) -> Value
    ) throws(WireError) -> [UInt8] {
        var writer = ByteWriter(reservingCapacity: 64 + columns.count * 16)
        try writeName(family, "family", into: &writer)
        writer.write(sampledAt)
        guard rowCount <= min(limits.maxRows, Int(UInt32.max)) else {
            throw WireError(.tooManyRows, offset: writer.count, inPayload: true, "\(rowCount) rows, limit \(limits.maxRows)")
        }
        writer.write(UInt32(rowCount))
        guard !columns.isEmpty else {
            throw WireError(.noColumns, offset: writer.count, inPayload: true, "a BATCH has at least one column")
        }
        guard columns.count <= min(limits.maxColumns, Int(UInt16.max)) else {
            throw WireError(.tooManyColumns, offset: writer.count, inPayload: true, "\(columns.count) columns, limit \(limits.maxColumns)")
        }
        for row in 0..<rowCount where rowWidths(row) != columns.count {
            throw WireError(.rowWidthMismatch, offset: writer.count, inPayload: true,
                            "row \(row) has \(rowWidths(row)) values for \(columns.count) columns")
        }
        writer.write(UInt16(columns.count))
        var nulls: [[Bool]] = []
        for (index, column) in columns.enumerated() {
            try writeName(column.name, "name of column \(index)", into: &writer)
            writer.write(column.type.rawValue)
            let columnNulls = (0..<rowCount).map { cell($0, index) == .null }
            let hasNulls = columnNulls.contains(true)
            let flags = (hasNulls ? ColumnLayout.nullBitmapFlag : 0) | (column.type.isShufflable ? ColumnLayout.shuffledFlag : 0)
            writer.write(flags)
            nulls.append(hasNulls ? columnNulls : [])
        }
        for (index, column) in columns.enumerated() {
            if !nulls[index].isEmpty {
                writeBitmap(nulls[index], into: &writer)
            }
            let column = ColumnWriter(column: column, index: index, rowCount: rowCount, limits: limits)
            try column.write(into: &writer, cell: cell)
        }
        return writer.bytes
    }

    private static func writeName(_ name: String, _ what: String, into writer: inout ByteWriter) throws(WireError) {
        guard WireName.isValid(name) else {
            throw WireError(.invalidName, offset: writer.count, inPayload: true,
                            "\(what) \"\(name)\" is not 1...\(WireName.maxLength) bytes of [a-z_][a-z0-9_]*")
        }
        writer.writeString8(name)
    }

    private static func writeBitmap(_ nulls: [Bool], into writer: inout ByteWriter) {
        var bitmap = [UInt8](repeating: 0, count: (nulls.count + 7) / 8)
        for (row, isNull) in nulls.enumerated() where isNull {
            bitmap[row >> 3] |= 1 << UInt8(row & 7)
        }
        writer.write(contentsOf: bitmap)
    }
}
