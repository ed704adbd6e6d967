import WireProtocol

/// An encoder for BATCH payloads written from section 6.3 alone, independent of `Batch`, so that
/// tests check the codec against the spec and can produce layouts the codec never writes.
struct HandBuiltBatch {
    var family = "f"
    var sampledAt: Int64 = 817_300_800_000_000
    var columns: [ColumnDescriptor]
    var rows: [[Value]]
    var shuffle = true
    /// Write a null bitmap even for columns without NULLs.
    var alwaysBitmap = false
    /// Fill NULL rows of fixed-width columns with this byte instead of zero.
    var nullFill: UInt8 = 0

    static func bytes(_ value: Value) -> [UInt8] {
        switch value {
        case .null: []
        case .bool(let bool): [bool ? 1 : 0]
        case .int8(let int), .timestamptz(let int): be(int)
        case .float8(let double): be(double.bitPattern)
        case .text(let text): Array(text.utf8)
        case .bytea(let bytes): bytes
        case .numeric(let numeric): numeric.encodedBytes
        }
    }

    var payload: [UInt8] {
        var out = s8(family) + be(sampledAt) + be(UInt32(rows.count)) + be(UInt16(columns.count))
        var data: [UInt8] = []
        for (index, column) in columns.enumerated() {
            let values = rows.map { $0[index] }
            let hasNulls = values.contains(.null)
            let width = column.type.fixedWidth
            let shuffled = shuffle && width == 8
            out += s8(column.name) + [column.type.rawValue, (hasNulls || alwaysBitmap ? 1 : 0) | (shuffled ? 2 : 0)]
            if hasNulls || alwaysBitmap {
                var bitmap = [UInt8](repeating: 0, count: (values.count + 7) / 8)
                for (row, value) in values.enumerated() where value == .null { bitmap[row / 8] |= 1 << (row % 8) }
                data += bitmap
            }
            if let width {
                let encoded = values.map { $0 == .null ? [UInt8](repeating: nullFill, count: width) : Self.bytes($0) }
                data += shuffled ? (0..<8).flatMap { plane in encoded.map { $0[plane] } } : encoded.flatMap { $0 }
            } else {
                let encoded = values.map(Self.bytes)
                data += be(UInt32(encoded.reduce(0) { $0 + $1.count })) + encoded.flatMap { be(UInt32($0.count)) } + encoded.flatMap { $0 }
            }
        }
        return out + data
    }
}

/// Every column type, with extremes and NULLs in every column (the spirit of the `type_zoo` vector).
enum TypeZoo {
    static let columns = [
        ColumnDescriptor(name: "flag", type: .bool), ColumnDescriptor(name: "count", type: .int8),
        ColumnDescriptor(name: "ratio", type: .float8), ColumnDescriptor(name: "at", type: .timestamptz),
        ColumnDescriptor(name: "label", type: .text), ColumnDescriptor(name: "blob", type: .bytea),
        ColumnDescriptor(name: "exact", type: .numeric),
    ]
    static let rows: [[Value]] = [
        [.bool(true), .int8(.min), .float8(-0.0), .timestamptz(-1), .text(""), .bytea([]), .numeric(Numeric(decimal: "0")!)],
        [.bool(false), .int8(.max), .float8(.infinity), .timestamptz(817_300_800_000_000), .text("ünïcødé ✓ 𝄞"),
         .bytea([0x00, 0xFF, 0x10]), .numeric(Numeric(decimal: "-1.50")!)],
        [.null, .null, .null, .null, .null, .null, .null],
        [.bool(true), .int8(42), .float8(.nan), .timestamptz(0), .text("plain ascii"), .bytea([0xDE, 0xAD, 0xBE, 0xEF]),
         .numeric(Numeric(decimal: "123456789012345678901234567890.0001")!)],
        [.bool(false), .int8(0), .float8(3.141592653589793), .timestamptz(1), .text(String(repeating: "x", count: 40)),
         .bytea([]), .numeric(.nan)],
    ]
}
