import WireProtocol

extension QueryResult {
    /// The wire columns: each result column's name and wire type.
    public var columnDescriptors: [ColumnDescriptor] {
        columns.map { ColumnDescriptor(name: $0.name, type: $0.type) }
    }

    /// The rows as a BATCH of `family` sampled at `sampledAt` (microseconds since 2000).
    ///
    /// - Throws: `WireError` when a column name is not a wire name (alias it in the SQL), two
    ///   columns share a name, or the batch is past `limits`.
    public func batch(family: String, sampledAt: Int64, limits: Limits = .default) throws(WireError) -> Batch {
        try Batch(family: family, sampledAt: sampledAt, columns: columnDescriptors, rows: rows, limits: limits)
    }
}
