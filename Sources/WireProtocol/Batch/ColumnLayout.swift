/// Where one validated column's bytes are inside a BATCH payload: the zero-copy view that
/// `Batch` reads values from, worked out on demand from the column's shape and its entry in the
/// batch's index.
struct ColumnLayout {
    /// Descriptor flag bit 0: a null bitmap precedes the values.
    static let nullBitmapFlag: UInt8 = 0x01
    /// Descriptor flag bit 1: 8-byte values are stored as 8 byte planes.
    static let shuffledFlag: UInt8 = 0x02

    let type: ColumnType
    /// Payload offset of the null bitmap, when the column has one.
    let nullBitmap: Int?
    /// Fixed-width: payload offset of the first value (or plane). Variable-width: of the data blob.
    let values: Int
    /// Fixed-width 8-byte columns: stored as byte planes.
    let shuffled: Bool
    /// Variable-width only: where this column's value ends start in the batch's index.
    /// `index[endsStart + i]` is the end of row `i`'s value, relative to `values`; row `i` starts
    /// where row `i - 1` ends (row 0 at 0).
    let endsStart: Int

    /// The layout of a column whose index entry (`values`) decoding wrote.
    @inline(__always)
    init(_ shape: ColumnShape, values: Int, rowCount: Int, columnCount: Int) {
        type = shape.type
        shuffled = shape.isShuffled
        self.values = values
        let bitmapSize = (rowCount + 7) / 8
        if shape.width == 0 {
            // Bitmap, u32 data length, u32 length per row, data.
            endsStart = columnCount + Int(shape.variableOrdinal) * rowCount
            nullBitmap = shape.hasNullBitmap ? values - 4 * rowCount - 4 - bitmapSize : nil
        } else {
            endsStart = 0
            nullBitmap = shape.hasNullBitmap ? values - bitmapSize : nil
        }
    }

    func isNull(_ row: Int, in payload: UnsafeRawBufferPointer) -> Bool {
        guard let nullBitmap else { return false }
        return payload[nullBitmap + row >> 3] & (1 << UInt8(row & 7)) != 0
    }

    /// Whether any of `rowCount` rows is NULL.
    func hasNulls(rowCount: Int, in payload: UnsafeRawBufferPointer) -> Bool {
        guard let nullBitmap else { return false }
        return UnsafeRawBufferPointer(rebasing: payload[nullBitmap..<nullBitmap + (rowCount + 7) / 8]).contains { $0 != 0 }
    }

    /// Payload range of a variable-width value; `index` is the batch's.
    func range(of row: Int, in index: UnsafeBufferPointer<UInt32>) -> Range<Int> {
        let start = row == 0 ? 0 : Int(index[endsStart + row - 1])
        return values + start..<values + Int(index[endsStart + row])
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
