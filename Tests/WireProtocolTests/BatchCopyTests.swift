import Testing
import WireProtocol

/// `withCopyField` yields each cell in PostgreSQL's binary send format, straight from the payload.
@Suite struct BatchCopyTests {
    /// The binary send format of a value, from section 6.3.1 and PostgreSQL's `*send` functions.
    static func sendFormat(_ value: Value) -> [UInt8]? {
        value == .null ? nil : HandBuiltBatch.bytes(value)
    }

    static func expectCopyFieldsMatchValues(_ batch: Batch, sourceLocation: SourceLocation = #_sourceLocation) {
        for row in 0..<batch.rowCount {
            for column in batch.columns.indices {
                let expected = sendFormat(batch.value(row: row, column: column))
                let field = batch.withCopyField(row: row, column: column) { $0.map { Array($0) } }
                #expect(field == expected, "row \(row) column \(column)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func everyTypeShuffledOrNot() throws {
        let zoo = try Batch(family: "type_zoo", sampledAt: 0, columns: TypeZoo.columns, rows: TypeZoo.rows)
        Self.expectCopyFieldsMatchValues(zoo)
        var plain = HandBuiltBatch(family: "type_zoo", columns: TypeZoo.columns, rows: TypeZoo.rows)
        plain.shuffle = false
        plain.nullFill = 0xEE
        Self.expectCopyFieldsMatchValues(try Batch.decode(plain.payload, limits: .default))
    }

    @Test func knownBytes() throws {
        let batch = try Batch(family: "f", sampledAt: 0,
                              columns: [ColumnDescriptor(name: "i", type: .int8), ColumnDescriptor(name: "n", type: .numeric)],
                              rows: [[.int8(0x0102_0304_0506_0708), .numeric(Numeric(decimal: "1.50")!)], [.null, .null]])
        #expect(batch.withCopyField(row: 0, column: 0) { $0.map { Array($0) } } == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(batch.withCopyField(row: 0, column: 1) { $0.map { Array($0) } } == [0, 2, 0, 0, 0, 0, 0, 2, 0, 1, 0x13, 0x88])
        #expect(batch.withCopyField(row: 1, column: 0) { $0 == nil })
    }

    @Test func appendCopyFieldWritesLengthThenBytes() throws {
        let batch = try Batch(family: "f", sampledAt: 0,
                              columns: [ColumnDescriptor(name: "t", type: .text), ColumnDescriptor(name: "b", type: .bool)],
                              rows: [[.text("hé"), .null]])
        var buffer: [UInt8] = []
        batch.appendCopyField(row: 0, column: 0, to: &buffer)
        batch.appendCopyField(row: 0, column: 1, to: &buffer)
        #expect(buffer == [0, 0, 0, 3, 0x68, 0xC3, 0xA9, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func bodyErrorsPassThroughTyped() {
        struct Stop: Error {}
        let batch = try! Batch(family: "f", sampledAt: 0, columns: [ColumnDescriptor(name: "x", type: .int8)], rows: [[.int8(1)]])
        #expect(throws: Stop.self) { try batch.withCopyField(row: 0, column: 0) { (_) throws(Stop) in throw Stop() } }
    }

    @Test func largeRandomBatch() throws {
        var generator = SplitMix64(seed: 42)
        let columns = TypeZoo.columns
        let rows: [[Value]] = (0..<1000).map { _ in
            columns.map { column -> Value in
                if Int.random(in: 0..<5, using: &generator) == 0 { return .null }
                switch column.type {
                case .bool: return .bool(Bool.random(using: &generator))
                case .int8: return .int8(Int64.random(in: .min ... .max, using: &generator))
                case .float8: return .float8(Double(bitPattern: UInt64.random(in: 0 ... .max, using: &generator)))
                case .timestamptz: return .timestamptz(Int64.random(in: -1 << 50 ... 1 << 50, using: &generator))
                case .text: return .text(String(repeating: ["a", "é", "✓", "𝄞"][Int.random(in: 0..<4, using: &generator)],
                                                count: Int.random(in: 0..<9, using: &generator)))
                case .bytea: return .bytea((0..<Int.random(in: 0..<9, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
                case .numeric: return .numeric(Numeric(Int64.random(in: .min ... .max, using: &generator)))
                }
            }
        }
        let batch = try Batch(family: "random", sampledAt: 0, columns: columns, rows: rows)
        let decoded = try Message.decode(Message.batch(sequence: 9, batch).frame())
        guard case .batch(9, let again) = decoded else {
            Issue.record("not a batch: \(decoded)")
            return
        }
        #expect(again.rows == rows)
        Self.expectCopyFieldsMatchValues(again)
    }
}

@Suite struct BatchCopyTupleTests {
    @Test func tupleIsFieldCountThenFieldsInTableOrder() throws {
        let batch = try Batch(family: "f", sampledAt: 0,
                              columns: [ColumnDescriptor(name: "a", type: .int8), ColumnDescriptor(name: "t", type: .text)],
                              rows: [[.int8(258), .text("x")], [.null, .text("")]])
        var buffer: [UInt8] = []
        // Table columns: t, (missing), a.
        batch.appendCopyTuple(row: 0, columns: [1, nil, 0], to: &buffer)
        #expect(buffer == [0, 3] + [0, 0, 0, 1, 0x78] + [0xFF, 0xFF, 0xFF, 0xFF] + [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 2])
        buffer.removeAll()
        batch.appendCopyTuple(row: 1, columns: [0, 1], to: &buffer)
        #expect(buffer == [0, 2] + [0xFF, 0xFF, 0xFF, 0xFF] + [0, 0, 0, 0])
    }

    @Test func tuplesMatchFieldByFieldCopies() throws {
        let zoo = try Batch(family: "z", sampledAt: 0, columns: TypeZoo.columns, rows: TypeZoo.rows)
        for row in 0..<zoo.rowCount {
            var tuple: [UInt8] = []
            zoo.appendCopyTuple(row: row, columns: zoo.columns.indices.map { $0 }, to: &tuple)
            var fields: [UInt8] = be(UInt16(zoo.columns.count))
            for column in zoo.columns.indices { zoo.appendCopyField(row: row, column: column, to: &fields) }
            #expect(tuple == fields)
        }
    }
}
