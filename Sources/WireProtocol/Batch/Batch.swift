/// The rows of one metric family sampled at one instant (PROTOCOL.md section 6.3).
///
/// A batch is a validated view over its payload bytes: decoding checks every rule once and keeps
/// the bytes and where each column lies, without converting values. Read cells with
/// `value(row:column:)`, or hand them to PostgreSQL's `COPY ... (FORMAT binary)` unconverted with
/// `withCopyField(row:column:_:)`. Build one from values with `init(family:sampledAt:columns:rows:)`.
///
/// Two batches are equal when their family, time, columns and values are, however they were laid
/// out on the wire.
public struct Batch: Hashable, Sendable {
    /// Family name, descriptors and reading plan, shared with the decoder's schema cache.
    let schema: BatchSchema
    /// Microseconds since 2000-01-01 00:00:00 UTC, shared by every row.
    public let sampledAt: Int64
    public let rowCount: Int
    /// The decompressed payload this batch is a view of.
    let payload: [UInt8]
    /// Where the columns lie in `payload`: for each column the payload offset of its values
    /// (fixed-width) or data blob (variable-width), then the value ends of every variable-width
    /// column, `rowCount` each (see `ColumnLayout`).
    let index: BatchIndex
    /// Whether `payload` is already what `encodedPayload()` would produce.
    let isCanonical: Bool

    init(schema: BatchSchema, sampledAt: Int64, rowCount: Int, payload: [UInt8], index: BatchIndex, isCanonical: Bool) {
        self.schema = schema
        self.sampledAt = sampledAt
        self.rowCount = rowCount
        self.payload = payload
        self.index = index
        self.isCanonical = isCanonical
    }

    /// The metric family, e.g. `pg_stat_database`.
    public var family: String { schema.family }

    public var columns: [ColumnDescriptor] { schema.columns }

    /// Bytes of the decompressed payload.
    public var payloadByteCount: Int { payload.count }

    /// Calls `body` with column `column`'s layout, the payload and the index.
    @inline(__always)
    func withColumn<R>(_ column: Int, _ body: (ColumnLayout, UnsafeRawBufferPointer, UnsafeBufferPointer<UInt32>) -> R) -> R {
        let shape = schema.shapes[column]
        return payload.withUnsafeBytes { bytes in
            index.withWords { index in
                body(ColumnLayout(shape, values: Int(index[column]), rowCount: rowCount, columnCount: schema.shapes.count), bytes, index)
            }
        }
    }

    /// The index of the column named `name`.
    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// Whether the cell is NULL.
    public func isNull(row: Int, column: Int) -> Bool {
        precondition(row >= 0 && row < rowCount, "row \(row) out of 0..<\(rowCount)")
        return withColumn(column) { layout, bytes, _ in layout.isNull(row, in: bytes) }
    }

    /// Whether any row of the column is NULL.
    public func hasNulls(column: Int) -> Bool {
        withColumn(column) { layout, bytes, _ in layout.hasNulls(rowCount: rowCount, in: bytes) }
    }

    /// One cell, converted to a `Value`.
    public func value(row: Int, column: Int) -> Value {
        precondition(row >= 0 && row < rowCount, "row \(row) out of 0..<\(rowCount)")
        return withColumn(column) { layout, bytes, index -> Value in
            guard !layout.isNull(row, in: bytes) else { return .null }
            switch layout.type {
            case .bool:
                return .bool(bytes[layout.values + row] != 0)
            case .int8:
                return .int8(Int64(bitPattern: layout.eightBytes(row, rowCount: rowCount, in: bytes)))
            case .float8:
                return .float8(Double(bitPattern: layout.eightBytes(row, rowCount: rowCount, in: bytes)))
            case .timestamptz:
                return .timestamptz(Int64(bitPattern: layout.eightBytes(row, rowCount: rowCount, in: bytes)))
            case .text:
                return .text(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[layout.range(of: row, in: index)]), as: UTF8.self))
            case .bytea:
                return .bytea(Array(UnsafeRawBufferPointer(rebasing: bytes[layout.range(of: row, in: index)])))
            case .numeric:
                return .numeric(Numeric(validated: UnsafeRawBufferPointer(rebasing: bytes[layout.range(of: row, in: index)])))
            }
        }
    }

    /// Every value of one column, top to bottom.
    public func values(column: Int) -> [Value] {
        (0..<rowCount).map { value(row: $0, column: column) }
    }

    /// Every row as values; converts the whole batch, meant for tests and tools.
    public var rows: [[Value]] {
        (0..<rowCount).map { row in columns.indices.map { value(row: row, column: $0) } }
    }

    public static func == (lhs: Batch, rhs: Batch) -> Bool {
        guard lhs.family == rhs.family, lhs.sampledAt == rhs.sampledAt, lhs.columns == rhs.columns,
              lhs.rowCount == rhs.rowCount else { return false }
        if lhs.payload == rhs.payload { return true }
        return lhs.columns.indices.allSatisfy { lhs.values(column: $0) == rhs.values(column: $0) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(family)
        hasher.combine(sampledAt)
        hasher.combine(columns)
        hasher.combine(rowCount)
    }
}
