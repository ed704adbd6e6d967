import Testing
import WireProtocol

@Suite struct BatchRoundTripTests {
    static let zoo = try! Batch(family: "type_zoo", sampledAt: 817_300_800_000_000, columns: TypeZoo.columns, rows: TypeZoo.rows)

    @Test func everyTypeRoundTripsThroughItsPayload() throws {
        let batch = Self.zoo
        #expect(batch.rows == TypeZoo.rows)
        #expect(batch.rowCount == 5 && batch.columns == TypeZoo.columns)
        let decoded = try Batch.decode(batch.encodedPayload(), limits: .default)
        #expect(decoded == batch)
        #expect(decoded.rows == TypeZoo.rows)
        #expect(decoded.family == "type_zoo" && decoded.sampledAt == 817_300_800_000_000)
        for row in 0..<batch.rowCount {
            for column in batch.columns.indices {
                #expect(decoded.value(row: row, column: column) == TypeZoo.rows[row][column])
                #expect(decoded.isNull(row: row, column: column) == (TypeZoo.rows[row][column] == .null))
            }
        }
    }

    @Test func theEncoderMatchesTheSpecByteForByte() {
        let handBuilt = HandBuiltBatch(family: "type_zoo", columns: TypeZoo.columns, rows: TypeZoo.rows)
        #expect(Self.zoo.encodedPayload() == handBuilt.payload)
    }

    @Test func unshuffledAndOverBitmappedLayoutsDecodeToTheSameBatch() throws {
        var plain = HandBuiltBatch(family: "type_zoo", columns: TypeZoo.columns, rows: TypeZoo.rows)
        plain.shuffle = false
        plain.alwaysBitmap = true
        plain.nullFill = 0xAB  // NULL rows' bytes are ignored
        let decoded = try Batch.decode(plain.payload, limits: .default)
        #expect(decoded == Self.zoo)
        #expect(decoded.rows == TypeZoo.rows)
        // Encoding a decoded batch lays it out canonically again.
        #expect(decoded.encodedPayload() == Self.zoo.encodedPayload())
    }

    @Test func canonicalLayoutShufflesEightByteColumnsAndAddsBitmapsOnlyForNulls() throws {
        let batch = try Batch(family: "f", sampledAt: 0,
                              columns: [ColumnDescriptor(name: "a", type: .int8), ColumnDescriptor(name: "b", type: .int8),
                                        ColumnDescriptor(name: "c", type: .text), ColumnDescriptor(name: "d", type: .bool)],
                              rows: [[.int8(0x0102), .null, .text("x"), .bool(true)], [.int8(0x0304), .int8(5), .text("y"), .bool(false)]])
        let payload = batch.encodedPayload()
        // family(2) + time(8) + rows(4) + columns(2) = 16, descriptors of 4 bytes each.
        #expect(payload[16 + 3] == 0x02)  // a: shuffled, no bitmap
        #expect(payload[20 + 3] == 0x03)  // b: shuffled, bitmap
        #expect(payload[24 + 3] == 0x00)  // c: text
        #expect(payload[28 + 3] == 0x00)  // d: bool
        // Column a's planes: 7 zero planes then the low bytes, value i = plane0[i] ... plane7[i].
        let a = Array(payload[32..<48])
        #expect(a == Array(repeating: 0, count: 12) + [0x01, 0x03, 0x02, 0x04])
        #expect(!batch.hasNulls(column: 0) && batch.hasNulls(column: 1))
    }

    @Test func zeroRows() throws {
        let columns = [ColumnDescriptor(name: "mode", type: .text), ColumnDescriptor(name: "count", type: .int8)]
        let batch = try Batch(family: "pg_locks", sampledAt: 1, columns: columns, rows: [])
        #expect(batch.rowCount == 0 && batch.rows.isEmpty)
        #expect(try Batch.decode(batch.encodedPayload(), limits: .default) == batch)
        #expect(batch.encodedPayload() == HandBuiltBatch(family: "pg_locks", sampledAt: 1, columns: columns, rows: []).payload)
    }

    @Test func rowCountsAroundBitmapByteBoundaries() throws {
        for count in [1, 7, 8, 9, 15, 16, 17, 63, 64, 65] {
            let rows: [[Value]] = (0..<count).map { $0 % 3 == 1 ? [.null, .null] : [.bool($0 % 2 == 0), .text("r\($0)")] }
            let columns = [ColumnDescriptor(name: "b", type: .bool), ColumnDescriptor(name: "t", type: .text)]
            let batch = try Batch(family: "f", sampledAt: 0, columns: columns, rows: rows)
            #expect(try Batch.decode(batch.encodedPayload(), limits: .default).rows == rows, "\(count) rows")
        }
    }

    @Test func nanPayloadsAndNegativeZeroKeepTheirBits() throws {
        let odd = Double(bitPattern: 0x7FF8_0000_DEAD_BEEF)
        let rows: [[Value]] = [[.float8(odd)], [.float8(-0.0)], [.float8(0.0)]]
        let batch = try Batch(family: "f", sampledAt: 0, columns: [ColumnDescriptor(name: "x", type: .float8)], rows: rows)
        let decoded = try Batch.decode(batch.encodedPayload(), limits: .default)
        #expect(decoded.rows == rows)
        #expect(decoded.value(row: 1, column: 0) != .float8(0.0))
        #expect(Value.float8(.nan) == Value.float8(.nan))
    }

    @Test func columnLookupAndValuesByColumn() {
        #expect(Self.zoo.columnIndex(named: "label") == 4)
        #expect(Self.zoo.columnIndex(named: "missing") == nil)
        #expect(Self.zoo.values(column: 1) == TypeZoo.rows.map { $0[1] })
    }

    @Test func equalityIgnoresLayoutButNotValues() throws {
        let columns = [ColumnDescriptor(name: "x", type: .int8)]
        let a = try Batch(family: "f", sampledAt: 0, columns: columns, rows: [[.int8(1)]])
        let b = try Batch(family: "f", sampledAt: 0, columns: columns, rows: [[.int8(2)]])
        var plain = HandBuiltBatch(columns: columns, rows: [[.int8(1)]])
        plain.sampledAt = 0
        plain.shuffle = false
        #expect(a != b)
        #expect(try Batch.decode(plain.payload, limits: .default) == a)
        #expect(Set([a, try Batch.decode(plain.payload, limits: .default)]).count == 1)
    }
}

@Suite struct ColumnTypeTests {
    @Test func codesWidthsAndNames() {
        #expect(ColumnType.allCases.map(\.rawValue) == Array(1...7))
        #expect(ColumnType.allCases.map(\.fixedWidth) == [1, 8, 8, 8, nil, nil, nil])
        #expect(ColumnType.allCases.map(\.description) == ["bool", "int8", "float8", "timestamptz", "text", "bytea", "numeric"])
        #expect(ColumnType.allCases.filter(\.isShufflable) == [.int8, .float8, .timestamptz])
    }
}
