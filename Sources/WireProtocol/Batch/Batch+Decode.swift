extension Batch {
    /// Validates a decompressed BATCH payload and returns the view over it.
    ///
    /// Every rule of PROTOCOL.md sections 4 and 6.3 is checked, in payload order, before the
    /// batch exists; nothing proportional to a declared count is allocated before the count has
    /// passed its limit and the bytes it implies are known to be present.
    ///
    /// - Throws: `WireError` with `inPayload` set and the offset of the offending field.
    public static func decode(_ payload: [UInt8], limits: Limits = .default) throws(WireError) -> Batch {
        var schemas = BatchSchemaCache(capacity: 0)
        return try decode(payload, limits: limits, schemas: &schemas)
    }

    /// `decode(_:limits:)` that reuses the family name and column descriptors from `schemas` when
    /// the payload's descriptor bytes are identical to the ones last seen for the family, and
    /// remembers them otherwise. Results, errors and offsets are the same as without the cache.
    ///
    /// - Precondition: `schemas` is used with the same `limits` every time.
    public static func decode(_ payload: [UInt8], limits: Limits = .default, schemas: inout BatchSchemaCache) throws(WireError) -> Batch {
        let (header, layouts, ends) = try payload.withWireBytes { (raw) throws(WireError) -> (Header, [ColumnLayout], [UInt32]) in
            var reader = ByteReader(raw)
            let header = try Header.read(&reader, limits: limits, schemas: &schemas)
            var layouts: [ColumnLayout] = []
            layouts.reserveCapacity(header.columns.count)
            var ends: [UInt32] = []
            for index in header.columns.indices {
                // A fixed-width column without bitmap or bool checks needs only its length.
                let width = Int(header.plainWidths[index])
                if width != 0, case (let size, false) = header.rowCount.multipliedReportingOverflow(by: width), let start = reader.take(size) {
                    layouts.append(ColumnLayout(type: header.columns[index].type, nullBitmap: nil, hasNulls: false, values: start,
                                                shuffled: header.flags[index] & ColumnLayout.shuffledFlag != 0, endsStart: 0))
                    continue
                }
                layouts.append(try ColumnLayout.read(
                    &reader, column: index, of: header.columns, flags: header.flags[index], rowCount: header.rowCount, limits: limits,
                    ends: &ends))
            }
            try reader.expectEnd("the last column")
            return (header, layouts, ends)
        }
        return Batch(family: header.family, sampledAt: header.sampledAt, columns: header.columns,
                     rowCount: header.rowCount, payload: payload, layouts: layouts, ends: ends, isCanonical: false)
    }

    /// The part of a BATCH payload before the column data: family, time, counts and schema.
    struct Header {
        var family: String
        var sampledAt: Int64
        var rowCount: Int
        var columns: [ColumnDescriptor]
        /// Each column's descriptor flags.
        var flags: [UInt8]
        /// Each column's value width when it is fixed-width, not bool and has no null bitmap (so
        /// reading it is a length check), else 0.
        var plainWidths: [UInt8]

        static func read(_ reader: inout ByteReader, limits: Limits, schemas: inout BatchSchemaCache) throws(WireError) -> Header {
            let familyOffset = reader.offset
            let cached = cachedSchema(reader, schemas)
            let family: String
            if let cached {
                // Byte-identical to a name that passed WireName.read.
                _ = try reader.skip(1 + schemas.entries[cached].familyBytes.count, "family")
                family = schemas.entries[cached].family
            } else {
                family = try WireName.read(&reader, "family")
            }
            // Both fields fit whenever the 12 bytes do; otherwise read them one by one for the error.
            let sampledAt: Int64
            let rowCountOffset = reader.offset + 8
            let rowCount: Int
            if reader.remaining >= 12 {
                sampledAt = Int64(bitPattern: reader.readU64Unchecked())
                rowCount = Int(reader.readU32Unchecked())
            } else {
                sampledAt = try reader.readI64("sampled at")
                rowCount = Int(try reader.readU32("row count"))
            }
            guard rowCount <= limits.maxRows else {
                throw reader.error(.tooManyRows, at: rowCountOffset, "\(rowCount) rows, limit \(limits.maxRows)")
            }
            let columnCountOffset = reader.offset
            if let cached, schemas.matchingSchema(cached, at: &reader) != nil {
                // Byte-identical to descriptors that passed every check below.
                return Header(family: family, sampledAt: sampledAt, rowCount: rowCount,
                              columns: schemas.entries[cached].columns, flags: schemas.entries[cached].flags,
                              plainWidths: schemas.entries[cached].plainWidths)
            }
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
            var plainWidths: [UInt8] = []
            plainWidths.reserveCapacity(columnCount)
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
                let isPlain = columnFlags & ColumnLayout.nullBitmapFlag == 0 && type != .bool
                plainWidths.append(isPlain ? UInt8(type.fixedWidth ?? 0) : 0)
            }
            let familyStart = familyOffset + 1
            schemas.store(
                familyBytes: UnsafeRawBufferPointer(rebasing: reader.buffer[familyStart..<familyStart + family.utf8.count]),
                family: family,
                schemaBytes: UnsafeRawBufferPointer(rebasing: reader.buffer[columnCountOffset..<reader.offset]),
                columns: columns, flags: flags, plainWidths: plainWidths)
            return Header(family: family, sampledAt: sampledAt, rowCount: rowCount, columns: columns, flags: flags, plainWidths: plainWidths)
        }

        /// The cache entry for the family name at the reader's offset, when the whole name is
        /// present and was seen before.
        private static func cachedSchema(_ reader: ByteReader, _ schemas: BatchSchemaCache) -> Int? {
            guard schemas.count > 0, reader.remaining >= 1 else { return nil }
            let start = reader.offset + 1
            let length = Int(reader.buffer[reader.offset])
            guard reader.remaining - 1 >= length else { return nil }
            return schemas.entry(family: UnsafeRawBufferPointer(rebasing: reader.buffer[start..<start + length]))
        }
    }
}
