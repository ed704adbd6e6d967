import SampleBatches
import WireProtocol

/// One sampling round of a collector, as BATCH frames: the families, columns and row sets of
/// `SampleBatches` (pg_stat_statements' top 50 and `<other>`, pg_stat_database, and the host's
/// CPU, memory, disks and network), taken at one instant.
///
/// The payloads are encoded and LZ4-compressed (against the v1 dictionary, as the collector does)
/// once; a frame for any sequence is its 32-byte header, written with that sequence, followed by
/// the same payload, so the load tool spends its CPU on TLS, not on compression.
public struct RoundFrames: Sendable {
    /// One family's batch of the round.
    public struct Part: Sendable {
        public let batch: Batch
        /// The header as made for sequence 1; `frame(sequence:)` replaces the sequence.
        let header: FrameHeader
        let payload: [UInt8]

        public var rows: Int { batch.rowCount }
        public var frameBytes: Int { header.frameLength }

        /// The frame of this batch with `sequence` in its header.
        public func frame(sequence: UInt64) -> [UInt8] {
            var header = self.header
            header.sequence = sequence
            var bytes: [UInt8] = []
            bytes.reserveCapacity(header.frameLength)
            header.write(to: &bytes)
            bytes.append(contentsOf: payload)
            return bytes
        }
    }

    public let parts: [Part]

    /// - Parameter sampledAt: microseconds since 2000-01-01 UTC (the partitions must hold it).
    public init(sampledAt: Int64) {
        let tables = [
            StatStatements.batch(), StatDatabase.batch(),
            HostMetrics.cpu(cores: Samples.cores), HostMetrics.memory(), HostMetrics.disk(), HostMetrics.network(),
        ]
        parts = tables.map { table in
            let batch: Batch
            do {
                batch = try Batch(family: table.family, sampledAt: sampledAt, columns: table.columns, rows: table.rows)
            } catch {
                preconditionFailure("\(table.family): the codec refused a sample batch: \(error)")
            }
            let frame = Message.batch(sequence: 1, batch).frame(compress: true)
            return Part(batch: batch, header: frame.header, payload: frame.payload)
        }
    }

    /// Rows in one round.
    public var rows: Int { parts.reduce(0) { $0 + $1.rows } }

    /// The part a collector sends as its `sequence`-th record (rounds repeat).
    public func part(forSequence sequence: UInt64) -> Part {
        parts[Int((sequence &- 1) % UInt64(parts.count))]
    }
}
