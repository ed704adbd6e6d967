extension Batch {
    /// Builds a batch from values, checking everything a receiver with `limits` would check, so
    /// that an encoder can never produce a BATCH a receiver refuses.
    ///
    /// The payload is laid out canonically: 8-byte columns byte-shuffled, a null bitmap only for
    /// columns that have NULLs, NULL fixed-width values zeroed.
    ///
    /// - Parameters:
    ///   - rows: one array per row, one value per column, in column order; `.null` fits any column.
    /// - Throws: `WireError` naming the payload offset the offending field would have had
    ///   (`invalidName`, `duplicateColumn`, `tooManyRows`, `valueTooLong`, `nulInString`,
    ///   `invalidNumeric`, `rowWidthMismatch`, `valueTypeMismatch`, ...), or
    ///   `decompressedTooLarge` when the payload would exceed `limits.maxDecompressedPayload`.
    public init(family: String, sampledAt: Int64, columns: [ColumnDescriptor], rows: [[Value]], limits: Limits = .default) throws(WireError) {
        let payload = try BatchEncoder.encode(
            family: family, sampledAt: sampledAt, columns: columns, rowCount: rows.count, limits: limits,
            rowWidths: { rows[$0].count }, cell: { rows[$0][$1] })
        let view = try Batch.decode(payload, limits: limits)
        self.init(schema: view.schema, sampledAt: view.sampledAt, rowCount: view.rowCount, payload: view.payload, index: view.index,
                  isCanonical: true)
    }

    /// The payload in canonical layout: 8-byte columns byte-shuffled, a null bitmap only when the
    /// column has NULLs. A batch built from values returns its bytes as they are; a decoded one
    /// is laid out again.
    public func encodedPayload() -> [UInt8] {
        if isCanonical { return payload }
        do {
            return try BatchEncoder.encode(
                family: family, sampledAt: sampledAt, columns: columns, rowCount: rowCount, limits: BatchEncoder.unbounded,
                rowWidths: { _ in columns.count }, cell: { value(row: $0, column: $1) })
        } catch {
            preconditionFailure("a decoded batch always encodes: \(error)")
        }
    }

    /// Appends `encodedPayload()`, like every message's `encode(into:)`.
    public func encode(into writer: inout ByteWriter) {
        writer.write(contentsOf: encodedPayload())
    }
}
