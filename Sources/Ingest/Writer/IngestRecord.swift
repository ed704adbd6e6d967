import WireProtocol

/// One BATCH to store: the collector it came from (taken from its certificate), its sequence
/// number and its decoded payload.
public struct IngestRecord: Hashable, Sendable {
    public var collectorID: String
    /// The frame's sequence number, ≥ 1; a collector's records are consecutive.
    public var sequence: UInt64
    public var batch: Batch

    public init(collectorID: String, sequence: UInt64, batch: Batch) {
        self.collectorID = collectorID
        self.sequence = sequence
        self.batch = batch
    }
}
