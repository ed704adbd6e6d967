import WireProtocol

/// Builds the `COPY ... FROM STDIN (FORMAT binary)` stream of one family table from batches,
/// handing it out in chunks of about `chunkBytes`. The writers stream it to PostgreSQL; the load
/// tool writes it to files for the `psql \copy` baseline.
///
/// The stream's column order is the family's columns, then `time`, then `collector_id`, so that
/// `Batch.appendCopyTuple` writes each tuple's family fields straight from the payload; the two
/// leading table columns follow, and the tuple's field count is set to include them.
public struct CopyEncoder: Sendable {
    /// `PGCOPY\n\377\r\n\0`, flags 0, header extension length 0.
    public static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    /// A field count of -1.
    public static let trailer: [UInt8] = [0xFF, 0xFF]

    public let family: FamilyDefinition
    public let chunkBytes: Int
    public private(set) var buffer: [UInt8]
    /// Rows appended so far.
    public private(set) var rows = 0

    public init(family: FamilyDefinition, chunkBytes: Int) {
        self.family = family
        self.chunkBytes = chunkBytes
        buffer = Self.header
        buffer.reserveCapacity(chunkBytes + 64 * 1024)
    }

    /// `COPY "pganalytics"."family" ("c1", ..., "time", "collector_id") FROM STDIN (FORMAT binary)`.
    public var statement: String {
        let names = (family.columns.map(\.name) + ["time", "collector_id"]).map(SQLName.quoted).joined(separator: ", ")
        return "COPY \(family.qualifiedTable) (\(names)) FROM STDIN (FORMAT binary)"
    }

    /// For each family column, the batch column that fills it (nil: NULL), and the batch's columns
    /// the table cannot take.
    public static func mapping(_ batch: Batch, to family: FamilyDefinition) -> (columns: [Int?], dropped: [(ColumnDescriptor, SchemaDrift.Kind)]) {
        let columns = family.columns.map { column -> Int? in
            guard let index = batch.columnIndex(named: column.name), batch.columns[index].type == column.type else { return nil }
            return index
        }
        let dropped = batch.columns.compactMap { descriptor -> (ColumnDescriptor, SchemaDrift.Kind)? in
            guard let column = family.column(named: descriptor.name) else { return (descriptor, .unknownColumn) }
            return column.type == descriptor.type ? nil : (descriptor, .typeMismatch(table: column.type))
        }
        return (columns, dropped)
    }

    /// Appends every row of `batch` from `collectorID`, with the batch-to-table `columns`;
    /// calls `flush` with a chunk whenever the buffer passes `chunkBytes`.
    public mutating func append<E: Error>(_ batch: Batch, collectorID: String, columns: [Int?],
                                   flush: ([UInt8]) throws(E) -> Void) throws(E) {
        var time: [UInt8] = [0, 0, 0, 8]
        withUnsafeBytes(of: batch.sampledAt.bigEndian) { time.append(contentsOf: $0) }
        let id = Array(collectorID.utf8)
        var collector: [UInt8] = []
        withUnsafeBytes(of: UInt32(id.count).bigEndian) { collector.append(contentsOf: $0) }
        collector.append(contentsOf: id)
        let fieldCount = UInt16(columns.count + 2)
        for row in 0..<batch.rowCount {
            let start = buffer.count
            batch.appendCopyTuple(row: row, columns: columns, to: &buffer)
            buffer.append(contentsOf: time)
            buffer.append(contentsOf: collector)
            buffer[start] = UInt8(fieldCount >> 8)
            buffer[start + 1] = UInt8(fieldCount & 0xFF)
            rows += 1
            if buffer.count >= chunkBytes {
                try flush(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Appends the trailer and hands out what is left.
    public mutating func finish<E: Error>(flush: ([UInt8]) throws(E) -> Void) throws(E) {
        buffer.append(contentsOf: Self.trailer)
        try flush(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
