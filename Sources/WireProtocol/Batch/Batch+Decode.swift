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
        let (header, index) = try payload.withWireBytes { (raw) throws(WireError) -> (Header, BatchIndex) in
            // Column offsets are kept as u32, as every length field of the format is.
            guard raw.count <= Int(UInt32.max) else {
                throw WireError(.decompressedTooLarge, offset: 0, inPayload: true, "a BATCH payload of \(raw.count) bytes exceeds 4 GiB")
            }
            var reader = ByteReader(raw)
            let header = try Header.read(&reader, limits: limits, schemas: &schemas)
            let index = try ColumnReader.read(&reader, schema: header.schema, rowCount: header.rowCount, limits: limits)
            try reader.expectEnd("the last column")
            return (header, index)
        }
        return Batch(schema: header.schema, sampledAt: header.sampledAt, rowCount: header.rowCount, payload: payload, index: index,
                     isCanonical: false)
    }

    /// The part of a BATCH payload before the column data: family, time, counts and schema.
    struct Header {
        var schema: BatchSchema
        var sampledAt: Int64
        var rowCount: Int

        static func read(_ reader: inout ByteReader, limits: Limits, schemas: inout BatchSchemaCache) throws(WireError) -> Header {
            let familyOffset = reader.offset
            let cached = cachedSchema(reader, schemas)
            var family: String?
            if let cached {
                // Byte-identical to a name that passed WireName.read, and known to be all there.
                _ = reader.take(1 + schemas.familyLength(cached))
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
            if let cached, let schema = schemas.matchingSchema(cached, at: &reader) {
                // Byte-identical to descriptors that passed every check below.
                return Header(schema: schema, sampledAt: sampledAt, rowCount: rowCount)
            }
            let columnCount = Int(try reader.readU16("column count"))
            guard columnCount >= 1 else {
                throw reader.error(.noColumns, at: columnCountOffset, "a BATCH has at least one column")
            }
            guard columnCount <= limits.maxColumns else {
                throw reader.error(.tooManyColumns, at: columnCountOffset, "\(columnCount) columns, limit \(limits.maxColumns)")
            }
            // The name was read above unless it came from the cache.
            let familyName = family ?? schemas.family(cached!)
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
            let schema = BatchSchema(family: familyName, columns: columns, flags: flags)
            let familyStart = familyOffset + 1
            let familyEnd = familyStart + Int(reader.buffer[familyOffset])
            schemas.store(
                familyBytes: UnsafeRawBufferPointer(rebasing: reader.buffer[familyStart..<familyEnd]),
                schemaBytes: UnsafeRawBufferPointer(rebasing: reader.buffer[columnCountOffset..<reader.offset]),
                schema: schema)
            return Header(schema: schema, sampledAt: sampledAt, rowCount: rowCount)
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
