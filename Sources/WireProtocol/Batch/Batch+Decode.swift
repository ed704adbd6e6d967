extension Batch {
    /// Validates a decompressed BATCH payload and returns the view over it.
    ///
    /// Every rule of PROTOCOL.md sections 4 and 6.3 is checked, in payload order, before the
    /// batch exists; nothing proportional to a declared count is allocated before the count has
    /// passed its limit and the bytes it implies are known to be present.
    ///
    /// - Throws: `WireError` with `inPayload` set and the offset of the offending field.
    public static func decode(_ payload: [UInt8], limits: Limits = .default) throws(WireError) -> Batch {
        let (header, layouts) = try payload.withWireBytes { (raw) throws(WireError) -> (Header, [ColumnLayout]) in
            var reader = ByteReader(raw)
            let header = try Header.read(&reader, limits: limits)
            var layouts: [ColumnLayout] = []
            layouts.reserveCapacity(header.columns.count)
            for (column, flags) in zip(header.columns, header.flags) {
                layouts.append(try ColumnLayout.read(
                    &reader, type: column.type, flags: flags, rowCount: header.rowCount, limits: limits, name: column.name))
            }
            try reader.expectEnd("the last column")
            return (header, layouts)
        }
        return Batch(family: header.family, sampledAt: header.sampledAt, columns: header.columns,
                     rowCount: header.rowCount, payload: payload, layouts: layouts, isCanonical: false)
    }

    /// The part of a BATCH payload before the column data: family, time, counts and schema.
    struct Header {
        var family: String
        var sampledAt: Int64
        var rowCount: Int
        var columns: [ColumnDescriptor]
        /// Each column's descriptor flags.
        var flags: [UInt8]

        static func read(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> Header {
            let family = try WireName.read(&reader, "family")
            let sampledAt = try reader.readI64("sampled at")
            let rowCountOffset = reader.offset
            let rowCount = Int(try reader.readU32("row count"))
            guard rowCount <= limits.maxRows else {
                throw reader.error(.tooManyRows, at: rowCountOffset, "\(rowCount) rows, limit \(limits.maxRows)")
            }
            let columnCountOffset = reader.offset
            let columnCount = Int(try reader.readU16("column count"))
            guard columnCount >= 1 else {
                throw reader.error(.noColumns, at: columnCountOffset, "a BATCH has at least one column")
            }
            guard columnCount <= limits.maxColumns else {
                throw reader.error(.tooManyColumns, at: columnCountOffset, "\(columnCount) columns, limit \(limits.maxColumns)")
            }
            var columns: [ColumnDescriptor] = []
            var flags: [UInt8] = []
            columns.reserveCapacity(columnCount)
            flags.reserveCapacity(columnCount)
            var names = Set<String>(minimumCapacity: columnCount)
            for index in 0..<columnCount {
                let nameOffset = reader.offset
                let name = try WireName.read(&reader, WireField("name of column", index: index))
                guard names.insert(name).inserted else {
                    throw reader.error(.duplicateColumn, at: nameOffset, "column \(index) is named \"\(name)\" like an earlier one")
                }
                let typeOffset = reader.offset
                let rawType = try reader.readU8(WireField("type of column", name))
                guard let type = ColumnType(rawValue: rawType) else {
                    throw reader.error(.unknownColumnType, at: typeOffset, "column \(name) has type \(rawType), not in table 6.3.1")
                }
                let flagsOffset = reader.offset
                let columnFlags = try reader.readU8(WireField("flags of column", name))
                guard columnFlags & ~(ColumnLayout.nullBitmapFlag | ColumnLayout.shuffledFlag) == 0 else {
                    throw reader.error(.reservedBitsSet, at: flagsOffset, "column \(name) has reserved flag bits set: 0x\(hex(columnFlags, width: 2))")
                }
                guard columnFlags & ColumnLayout.shuffledFlag == 0 || type.isShufflable else {
                    throw reader.error(.invalidShuffle, at: flagsOffset, "column \(name) of type \(type) is byte-shuffled; only 8-byte types may be")
                }
                columns.append(ColumnDescriptor(name: name, type: type))
                flags.append(columnFlags)
            }
            return Header(family: family, sampledAt: sampledAt, rowCount: rowCount, columns: columns, flags: flags)
        }
    }
}
