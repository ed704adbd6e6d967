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
    /// The metric family, e.g. `pg_stat_database`.
    public let family: String
    /// Microseconds since 2000-01-01 00:00:00 UTC, shared by every row.
    public let sampledAt: Int64
    public let columns: [ColumnDescriptor]
    public let rowCount: Int
    /// The decompressed payload this batch is a view of.
    let payload: [UInt8]
    let layouts: [ColumnLayout]
    /// Value ends of every variable-width column (see `ColumnLayout.endsStart`).
    let ends: [UInt32]
    /// Whether `payload` is already what `encodedPayload()` would produce.
    let isCanonical: Bool

    init(family: String, sampledAt: Int64, columns: [ColumnDescriptor], rowCount: Int,
         payload: [UInt8], layouts: [ColumnLayout], ends: [UInt32], isCanonical: Bool) {
        self.family = family
        self.sampledAt = sampledAt
        self.columns = columns
        self.rowCount = rowCount
        self.payload = payload
        self.layouts = layouts
        self.ends = ends
        self.isCanonical = isCanonical
    }

    /// Bytes of the decompressed payload.
    public var payloadByteCount: Int { payload.count }

    /// The index of the column named `name`.
    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// Whether the cell is NULL.
    public func isNull(row: Int, column: Int) -> Bool {
        precondition(row >= 0 && row < rowCount, "row \(row) out of 0..<\(rowCount)")
        return payload.withUnsafeBytes { layouts[column].isNull(row, in: $0) }
    }

    /// Whether any row of the column is NULL.
    public func hasNulls(column: Int) -> Bool { layouts[column].hasNulls }

    /// One cell, converted to a `Value`.
    public func value(row: Int, column: Int) -> Value {
        precondition(row >= 0 && row < rowCount, "row \(row) out of 0..<\(rowCount)")
        let layout = layouts[column]
        return payload.withUnsafeBytes { bytes -> Value in
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
                return .text(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[layout.range(of: row, ends: ends)]), as: UTF8.self))
            case .bytea:
                return .bytea(Array(UnsafeRawBufferPointer(rebasing: bytes[layout.range(of: row, ends: ends)])))
            case .numeric:
                return .numeric(Numeric(validated: UnsafeRawBufferPointer(rebasing: bytes[layout.range(of: row, ends: ends)])))
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
