import Testing
import WireProtocol

/// Every way a BATCH payload can break section 6.3, with the exact code and payload offset
/// (the same cases as the `batch_*` vectors in Protocol/vectors).
@Suite struct BatchDecodeErrorTests {
    static let time = be(Int64(817_300_800_000_000))

    static func prefix(family: String = "f", rows: UInt32 = 1, columns: UInt16 = 1) -> [UInt8] {
        s8(family) + time + be(rows) + be(columns)
    }

    /// Where the first column descriptor starts after `prefix()`.
    static let p = 16

    static func expectBatch(_ code: WireError.Code, at offset: Int, _ payload: [UInt8], limits: Limits = .default,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        expectError(code, at: offset, sourceLocation: sourceLocation) { _ = try Batch.decode(payload, limits: limits) }
        // The same through a frame, compressed or not.
        for compress in [false, true] {
            let frame = Frame.make(type: .batch, sequence: 3, rawPayload: payload, compress: compress)
            expectError(code, at: offset, sourceLocation: sourceLocation) { _ = try Message.decode(frame, limits: limits) }
        }
    }

    @Test func names() {
        let column = s8("a") + [2, 0]
        Self.expectBatch(.invalidName, at: 0, s8("") + Self.time + be(UInt32(0)) + be(UInt16(1)) + column)
        Self.expectBatch(.invalidName, at: 0, s8("Pg-Stat") + Self.time + be(UInt32(0)) + be(UInt16(1)) + column)
        Self.expectBatch(.invalidName, at: 0, s8(String(repeating: "f", count: 64)) + Self.time + be(UInt32(0)) + be(UInt16(1)) + column)
        Self.expectBatch(.invalidName, at: 0, s8([0x66, 0xC3, 0xA9]) + Self.time + be(UInt32(0)) + be(UInt16(1)) + column)
        Self.expectBatch(.invalidName, at: Self.p, Self.prefix(rows: 0) + s8("1abc") + [2, 0])
        Self.expectBatch(.invalidName, at: Self.p, Self.prefix(rows: 0) + s8("") + [2, 0])
        Self.expectBatch(.duplicateColumn, at: Self.p + 4, Self.prefix(rows: 0, columns: 2) + s8("a") + [2, 0] + s8("a") + [3, 0])
    }

    @Test func counts() {
        Self.expectBatch(.noColumns, at: Self.p - 2, Self.prefix(rows: 0, columns: 0))
        Self.expectBatch(.tooManyColumns, at: Self.p - 2, Self.prefix(rows: 0, columns: 257))
        Self.expectBatch(.tooManyRows, at: Self.p - 6, Self.prefix(rows: 100_001))
        Self.expectBatch(.tooManyRows, at: Self.p - 6, Self.prefix(rows: .max))
        Self.expectBatch(.tooManyRows, at: Self.p - 6, Self.prefix(rows: 3) + s8("a") + [1, 0] + [1, 1, 1], limits: Limits(maxRows: 2))
        Self.expectBatch(.truncatedField, at: Self.p + 8, Self.prefix(rows: 0, columns: 3) + s8("a") + [2, 0] + s8("b") + [2, 0])
        Self.expectBatch(.trailingBytes, at: Self.p + 4, Self.prefix(rows: 0, columns: 1) + s8("a") + [2, 0] + s8("b") + [2, 0])
        Self.expectBatch(.truncatedField, at: 10, s8("f") + Self.time + [0, 0])
    }

    @Test func descriptors() {
        Self.expectBatch(.unknownColumnType, at: Self.p + 2, Self.prefix(rows: 0) + s8("a") + [9, 0])
        Self.expectBatch(.unknownColumnType, at: Self.p + 2, Self.prefix(rows: 0) + s8("a") + [0, 0])
        Self.expectBatch(.invalidShuffle, at: Self.p + 3, Self.prefix(rows: 1) + s8("a") + [1, 2] + [1])
        Self.expectBatch(.invalidShuffle, at: Self.p + 3, Self.prefix(rows: 0) + s8("a") + [5, 2] + be(UInt32(0)))
        Self.expectBatch(.reservedBitsSet, at: Self.p + 3, Self.prefix(rows: 1) + s8("a") + [2, 4] + be(Int64(1)))
        Self.expectBatch(.reservedBitsSet, at: Self.p + 3, Self.prefix(rows: 1) + s8("a") + [2, 0x80] + be(Int64(1)))
    }

    @Test func fixedWidthColumns() {
        // Rows × width is checked against the bytes present before anything else is read.
        Self.expectBatch(.truncatedField, at: Self.p + 4, Self.prefix(rows: 100_000) + s8("a") + [2, 2] + be(Int64(1)))
        Self.expectBatch(.truncatedField, at: Self.p + 4, Self.prefix(rows: 2) + s8("a") + [2, 2] + be(Int64(1)))
        Self.expectBatch(.truncatedField, at: Self.p + 4, Self.prefix(rows: 2) + s8("a") + [1, 0] + [1])
        Self.expectBatch(.truncatedField, at: Self.p + 4, Self.prefix(rows: 9) + s8("a") + [1, 1] + [0])
        Self.expectBatch(.trailingBytes, at: Self.p + 12, Self.prefix(rows: 1) + s8("a") + [2, 0] + be(Int64(1)) + [0])
        let huge = Limits(maxRows: .max)
        Self.expectBatch(.truncatedField, at: Self.p + 4, Self.prefix(rows: .max) + s8("a") + [4, 0] + be(Int64(1)), limits: huge)
    }

    @Test func nullBitmaps() {
        Self.expectBatch(.reservedBitsSet, at: Self.p + 4, Self.prefix(rows: 1) + s8("a") + [2, 1] + [0b11] + be(Int64(0)))
        Self.expectBatch(.reservedBitsSet, at: Self.p + 5, Self.prefix(rows: 9) + s8("a") + [1, 1] + [0, 0b10] + Array(repeating: 0, count: 9))
    }

    @Test func bools() {
        Self.expectBatch(.invalidBool, at: Self.p + 5, Self.prefix(rows: 2) + s8("a") + [1, 0] + [1, 2])
        let many = Array(repeating: UInt8(1), count: 37) + [0xFF] + Array(repeating: 0, count: 10)
        Self.expectBatch(.invalidBool, at: Self.p + 4 + 37, Self.prefix(rows: 48) + s8("a") + [1, 0] + many)
    }

    @Test func aNullBoolsByteIsIgnored() throws {
        let batch = try Batch.decode(Self.prefix(rows: 2) + s8("a") + [1, 1] + [0b10] + [1, 7], limits: .default)
        #expect(batch.rows == [[.bool(true)], [.null]])
    }

    @Test func variableWidthLengths() {
        Self.expectBatch(.lengthSumMismatch, at: Self.p + 4, Self.prefix(rows: 2) + s8("a") + [5, 0] + be(UInt32(5)) + be(UInt32(2)) + be(UInt32(2)) + Array("abcd".utf8))
        Self.expectBatch(.lengthSumMismatch, at: Self.p + 4, Self.prefix(rows: 2) + s8("a") + [5, 0] + be(UInt32(3)) + be(UInt32(2)) + be(UInt32(2)) + Array("abcd".utf8))
        Self.expectBatch(.valueTooLong, at: Self.p + 8, Self.prefix(rows: 2) + s8("a") + [6, 0] + be(UInt32(4)) + be(UInt32.max) + be(UInt32(5)) + Array("abcd".utf8))
        Self.expectBatch(.valueTooLong, at: Self.p + 12, Self.prefix(rows: 2) + s8("a") + [6, 0] + be(UInt32(6)) + be(UInt32(1)) + be(UInt32(5)) + Array("abcdef".utf8),
                         limits: Limits(maxValueBytes: 4))
        Self.expectBatch(.truncatedField, at: Self.p + 12, Self.prefix(rows: 1) + s8("a") + [6, 0] + be(UInt32(1000)) + be(UInt32(1000)) + Array("ab".utf8))
        Self.expectBatch(.truncatedField, at: Self.p + 8, Self.prefix(rows: 100_000) + s8("a") + [6, 0] + be(UInt32(0)) + be(UInt32(0)))
        Self.expectBatch(.nullWithLength, at: Self.p + 9, Self.prefix(rows: 1) + s8("a") + [5, 1] + [1] + be(UInt32(1)) + be(UInt32(1)) + Array("x".utf8))
    }

    /// Several length problems in one column: the first in row order is reported, whichever kind.
    @Test func variableWidthLengthErrorsInRowOrder() {
        // Row 0 already passes the data length; row 1 is over the value limit.
        Self.expectBatch(.lengthSumMismatch, at: Self.p + 4, Self.prefix(rows: 2) + s8("a") + [6, 0] + be(UInt32(2)) + be(UInt32(3)) + be(UInt32.max) + Array("ab".utf8))
        // Row 0 is NULL with a length; row 1 is over the value limit.
        Self.expectBatch(.nullWithLength, at: Self.p + 9, Self.prefix(rows: 2) + s8("a") + [6, 1] + [1] + be(UInt32(1)) + be(UInt32(1)) + be(UInt32.max) + Array("x".utf8))
        // Row 0 is over the value limit; row 1 is NULL with a length.
        Self.expectBatch(.valueTooLong, at: Self.p + 9, Self.prefix(rows: 2) + s8("a") + [6, 1] + [2] + be(UInt32(6)) + be(UInt32(5)) + be(UInt32(1)) + Array("abcdef".utf8),
                         limits: Limits(maxValueBytes: 4))
        // Every length is fine on its own; they add up to less than the data length.
        Self.expectBatch(.lengthSumMismatch, at: Self.p + 4, Self.prefix(rows: 3) + s8("a") + [6, 0] + be(UInt32(4)) + be(UInt32(1)) + be(UInt32(1)) + be(UInt32(1)) + Array("abcd".utf8))
    }

    /// A row count that the bytes cannot back, over many variable-width columns, fails at the
    /// first column whose lengths are missing (and costs no memory in proportion to the count).
    @Test func rowCountWithoutTheBytesForItsLengths() {
        let descriptors = s8("a") + [5, 0] + s8("b") + [6, 0] + s8("c") + [7, 0]
        Self.expectBatch(.truncatedField, at: Self.p + 16, Self.prefix(rows: 100_000, columns: 3) + descriptors + be(UInt32(0)) + be(UInt32(0)))
        // The first column is all there (empty values), the second is not.
        let first = be(UInt32(0)) + [UInt8](repeating: 0, count: 4 * 1_000)
        Self.expectBatch(.truncatedField, at: Self.p + 12 + first.count + 4,
                         Self.prefix(rows: 1_000, columns: 3) + descriptors + first + be(UInt32(0)) + be(UInt32(0)))
    }

    @Test func text() {
        Self.expectBatch(.invalidUTF8, at: Self.p + 13, Self.prefix(rows: 1) + s8("a") + [5, 0] + be(UInt32(3)) + be(UInt32(3)) + [0x61, 0xC3, 0x28])
        Self.expectBatch(.invalidUTF8, at: Self.p + 17, Self.prefix(rows: 2) + s8("a") + [5, 0] + be(UInt32(2)) + be(UInt32(1)) + be(UInt32(1)) + Array("é".utf8))
        Self.expectBatch(.nulInString, at: Self.p + 13, Self.prefix(rows: 1) + s8("a") + [5, 0] + be(UInt32(3)) + be(UInt32(3)) + [0x61, 0x00, 0x62])
        // A NUL far into an ASCII blob, past the word-at-a-time fast path.
        let long = Array(repeating: UInt8(0x61), count: 50) + [0] + Array(repeating: UInt8(0x61), count: 13)
        Self.expectBatch(.nulInString, at: Self.p + 12 + 50, Self.prefix(rows: 1) + s8("a") + [5, 0] + be(UInt32(64)) + be(UInt32(64)) + long)
        // bytea may hold anything.
        #expect(throws: Never.self) {
            _ = try Batch.decode(Self.prefix(rows: 1) + s8("a") + [6, 0] + be(UInt32(3)) + be(UInt32(3)) + [0x00, 0xC3, 0x28], limits: .default)
        }
    }

    @Test func numerics() {
        func column(_ value: [UInt8]) -> [UInt8] {
            Self.prefix(rows: 1) + s8("a") + [7, 0] + be(UInt32(value.count)) + be(UInt32(value.count)) + value
        }
        let header = { (n: UInt16, weight: Int16, sign: UInt16, dscale: UInt16) in be(n) + be(weight) + be(sign) + be(dscale) }
        Self.expectBatch(.invalidNumeric, at: Self.p + 12, column(header(1, 0, 0, 0) + be(UInt16(10_000))))
        Self.expectBatch(.invalidNumeric, at: Self.p + 12, column(header(0, 0, 0x1234, 0)))
        Self.expectBatch(.invalidNumeric, at: Self.p + 12, column(header(3, 0, 0, 0) + be(UInt16(1))))
        Self.expectBatch(.invalidNumeric, at: Self.p + 12, column(header(0, 0, 0, 0x4000)))
        Self.expectBatch(.invalidNumeric, at: Self.p + 12, column(header(1, 0, 0xC000, 0) + be(UInt16(1))))
        Self.expectBatch(.invalidNumeric, at: Self.p + 12, column([0, 0, 0]))
        // A non-NULL numeric of length 0 (no bitmap: not NULL).
        Self.expectBatch(.invalidNumeric, at: Self.p + 12, column([]))
        // The second value is the bad one.
        let good = header(1, 0, 0, 0) + be(UInt16(5))
        let bad = header(0, 0, 0x4001, 0)
        Self.expectBatch(.invalidNumeric, at: Self.p + 16 + good.count,
                         Self.prefix(rows: 2) + s8("a") + [7, 0] + be(UInt32(good.count + bad.count)) + be(UInt32(good.count)) + be(UInt32(bad.count)) + good + bad)
    }

    @Test func errorsAreInPayloadWithADetail() {
        do {
            _ = try Batch.decode(Self.prefix(rows: 0, columns: 0), limits: .default)
        } catch {
            #expect(error.inPayload && !error.detail.isEmpty && error.description.contains("payload offset 14"))
        }
    }
}
