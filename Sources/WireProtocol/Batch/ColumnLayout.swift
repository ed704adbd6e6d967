/// Where one validated column's bytes are inside a BATCH payload: the zero-copy view that
/// `Batch` reads values from.
struct ColumnLayout: Hashable, Sendable {
    /// Descriptor flag bit 0: a null bitmap precedes the values.
    static let nullBitmapFlag: UInt8 = 0x01
    /// Descriptor flag bit 1: 8-byte values are stored as 8 byte planes.
    static let shuffledFlag: UInt8 = 0x02

    let type: ColumnType
    /// Payload offset of the null bitmap, when the column has one.
    let nullBitmap: Int?
    /// Whether any row is NULL.
    let hasNulls: Bool
    /// Fixed-width: payload offset of the first value (or plane). Variable-width: of the data blob.
    let values: Int
    /// Fixed-width 8-byte columns: stored as byte planes.
    let shuffled: Bool
    /// Variable-width only: where this column's value ends start in the batch's `ends` array.
    /// `ends[endsStart + i]` is the end of row `i`'s value, relative to `values`; row `i` starts
    /// where row `i - 1` ends (row 0 at 0). Kept out of the layout so that a layout holds no
    /// reference and an array of them is freed without visiting each element.
    let endsStart: Int

    func isNull(_ row: Int, in payload: UnsafeRawBufferPointer) -> Bool {
        guard let nullBitmap else { return false }
        return payload[nullBitmap + row >> 3] & (1 << UInt8(row & 7)) != 0
    }

    /// Payload range of a variable-width value; `ends` is the batch's.
    func range(of row: Int, ends: [UInt32]) -> Range<Int> {
        let start = row == 0 ? 0 : Int(ends[endsStart + row - 1])
        return values + start..<values + Int(ends[endsStart + row])
    }

    /// The 8 bytes of value `row` of an 8-byte column, in send (big-endian) order, as a
    /// native-order integer; un-shuffles when the column is shuffled.
    func eightBytes(_ row: Int, rowCount: Int, in payload: UnsafeRawBufferPointer) -> UInt64 {
        guard shuffled else {
            return UInt64(bigEndianBytes: payload, at: values + 8 * row)
        }
        var value: UInt64 = 0
        for plane in 0..<8 {
            value = value << 8 | UInt64(payload[values + plane * rowCount + row])
        }
        return value
    }
}
