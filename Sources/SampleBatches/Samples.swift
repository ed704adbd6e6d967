import WireProtocol

/// One family's rows of one sampling round, as a Batch, its compressed frame and its old JSON.
public struct SampleBatch: Sendable {
    public let family: String
    public let batch: Batch
    public let rowCount: Int
    /// The BATCH frame exactly as sent: 32-byte header + LZ4 payload (HC, v1 dictionary).
    public let frameBytes: [UInt8]
    /// The frame's payload as transmitted (LZ4 block) and its raw length.
    public let compressedPayload: [UInt8]
    public let rawLength: Int
    /// The v1 dictionary the block was compressed against, when the frame's flags say so.
    public let dictionary: [UInt8]?
    /// The JSON array the previous design POSTed for these rows.
    public let json: [UInt8]

    public init(family: String, columns: [ColumnDescriptor], rows: [[Value]], sequence: UInt64) {
        let batch: Batch
        do {
            batch = try Batch(family: family, sampledAt: SampleTime.sampledAt, columns: columns, rows: rows)
        } catch {
            fatalError("\(family): the codec refused a sample batch: \(error)")
        }
        let frame = Message.batch(sequence: sequence, batch).frame(compress: true)
        self.family = family
        self.batch = batch
        self.rowCount = rows.count
        self.frameBytes = frame.bytes
        self.compressedPayload = frame.payload
        self.rawLength = Int(frame.header.rawLength)
        self.dictionary = frame.header.usesDictionary ? LZ4Block.dictionaryV1 : nil
        self.json = OldJSON.encode(family: family, sampledAt: SampleTime.sampledAt, columns: columns, rows: rows)
    }
}

/// A kind of batch the figures time: one or more frames that arrive together.
public struct BatchKind: Sendable {
    public let name: String
    public let batches: [SampleBatch]

    /// Every frame back to back, as a stream.
    public var stream: [UInt8] { batches.flatMap(\.frameBytes) }
    public var rowCount: Int { batches.reduce(0) { $0 + $1.rowCount } }
    public var frameByteCount: Int { batches.reduce(0) { $0 + $1.frameBytes.count } }
    public var rawByteCount: Int { batches.reduce(0) { $0 + $1.rawLength } }
    public var jsonByteCount: Int { batches.reduce(0) { $0 + $1.json.count } }
}

public enum Samples {
    /// Cores of the modelled host (the brief's range is 2–16).
    public static let cores = 8

    /// The batch kinds of one sampling round of a pgAnalytics collector: the families' names,
    /// columns (order and types) and row sets are the collector's (see each generator).
    public static func kinds() -> [BatchKind] {
        var sequence: UInt64 = 0
        func make(_ table: (family: String, columns: [ColumnDescriptor], rows: [[Value]])) -> SampleBatch {
            sequence += 1
            return SampleBatch(family: table.family, columns: table.columns, rows: table.rows, sequence: sequence)
        }
        return [
            BatchKind(name: "pg_stat_statements", batches: [make(StatStatements.batch())]),
            BatchKind(name: "pg_stat_statements+planning", batches: [make(StatStatements.batch(trackPlanning: true))]),
            BatchKind(name: "pg_stat_database", batches: [make(StatDatabase.batch())]),
            BatchKind(name: "host", batches: [
                make(HostMetrics.cpu(cores: cores)),
                make(HostMetrics.memory()),
                make(HostMetrics.disk()),
                make(HostMetrics.network()),
            ]),
        ]
    }
}
