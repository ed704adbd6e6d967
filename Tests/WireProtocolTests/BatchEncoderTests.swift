import Testing
import WireProtocol

/// `Batch.init(family:sampledAt:columns:rows:)` refuses whatever a receiver would, naming the
/// payload offset the field would have had.
@Suite struct BatchEncoderTests {
    static let int8 = [ColumnDescriptor(name: "a", type: .int8)]

    static func build(family: String = "f", columns: [ColumnDescriptor] = int8, rows: [[Value]], limits: Limits = .default) throws(WireError) {
        _ = try Batch(family: family, sampledAt: 0, columns: columns, rows: rows, limits: limits)
    }

    @Test func badNames() {
        expectError(.invalidName, at: 0) { try Self.build(family: "", rows: []) }
        expectError(.invalidName, at: 0) { try Self.build(family: "Upper", rows: []) }
        expectError(.invalidName, at: 0) { try Self.build(family: String(repeating: "x", count: 300), rows: []) }
        expectError(.invalidName, at: 16) { try Self.build(columns: [ColumnDescriptor(name: "9lives", type: .bool)], rows: []) }
        expectError(.duplicateColumn, at: 20) {
            try Self.build(columns: [ColumnDescriptor(name: "a", type: .bool), ColumnDescriptor(name: "a", type: .text)], rows: [])
        }
        #expect(WireName.isValid("pg_stat_database") && WireName.isValid("_x9") && !WireName.isValid("x-y"))
    }

    @Test func counts() {
        expectError(.noColumns, at: 14) { try Self.build(columns: [], rows: []) }
        let many = (0..<257).map { ColumnDescriptor(name: "c\($0)", type: .bool) }
        expectError(.tooManyColumns, at: 14) { try Self.build(columns: many, rows: []) }
        expectError(.tooManyRows, at: 10) { try Self.build(rows: Array(repeating: [.int8(1)], count: 3), limits: Limits(maxRows: 2)) }
        expectError(.rowWidthMismatch, at: 14) { try Self.build(rows: [[.int8(1)], [.int8(1), .int8(2)]]) }
    }

    @Test func valuesOfTheWrongType() {
        expectError(.valueTypeMismatch, at: 20) { try Self.build(rows: [[.int8(1)], [.text("1")]]) }
        expectError(.valueTypeMismatch, at: 20) { try Self.build(rows: [[.timestamptz(1)]]) }
        #expect(Value.null.fits(.numeric) && Value.timestamptz(0).fits(.timestamptz) && !Value.bool(true).fits(.int8))
    }

    @Test func valuesTheReceiverRefuses() {
        let text = [ColumnDescriptor(name: "t", type: .text)]
        expectError(.nulInString, at: 35) { try Self.build(columns: text, rows: [[.text("ab")], [.text("c\u{0}")]]) }
        expectError(.valueTooLong, at: 28) {
            try Self.build(columns: text, rows: [[.text("ab")], [.text("abcdef")]], limits: Limits(maxValueBytes: 4))
        }
        let numeric = [ColumnDescriptor(name: "n", type: .numeric)]
        let bad = Numeric(weight: 0, sign: .positive, dscale: 0, digits: [10_000])
        expectError(.invalidNumeric, at: 28) { try Self.build(columns: numeric, rows: [[.numeric(bad)]]) }
        let tooManyDigits = Numeric(weight: 0, sign: .positive, dscale: 0, digits: Array(repeating: 1, count: 70_000))
        expectError(.invalidNumeric, at: 28) { try Self.build(columns: numeric, rows: [[.numeric(tooManyDigits)]]) }
        expectError(.invalidNumeric, at: 28) {
            try Self.build(columns: numeric, rows: [[.numeric(Numeric(weight: 0, sign: .nan, dscale: 0, digits: [1]))]])
        }
    }

    @Test func payloadsPastTheDecompressedLimitAreRefused() {
        let text = [ColumnDescriptor(name: "t", type: .text)]
        let rows: [[Value]] = Array(repeating: [.text(String(repeating: "x", count: 100))], count: 20)
        expectError(.decompressedTooLarge, at: 12, inPayload: false) {
            try Self.build(columns: text, rows: rows, limits: Limits(maxDecompressedPayload: 1000))
        }
        expectError(.decompressedTooLarge, at: 12, inPayload: false) {
            try Self.build(rows: Array(repeating: [.int8(1)], count: 200), limits: Limits(maxDecompressedPayload: 1000))
        }
    }

    @Test func limitsAtTheirBoundsAreAccepted() throws {
        let columns = (0..<256).map { ColumnDescriptor(name: "c\($0)", type: .bool) }
        try Self.build(columns: columns, rows: [Array(repeating: .bool(true), count: 256)])
        try Self.build(family: String(repeating: "f", count: 63), rows: [])
        try Self.build(columns: [ColumnDescriptor(name: "t", type: .bytea)], rows: [[.bytea(Array(repeating: 0, count: 1 << 20))]])
    }
}
