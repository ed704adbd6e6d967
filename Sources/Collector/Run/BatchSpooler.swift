import Spool
import WireProtocol

/// Frames batches as BATCH messages with the spool's next sequence numbers and appends them,
/// splitting by rows any batch whose frame would break the frame limits (PROTOCOL.md section 4).
public struct BatchSpooler {
    /// The limits every frame must pass: the receiver's defaults.
    public var limits: Limits
    public var compress: Bool

    public init(limits: Limits = .default, compress: Bool = true) {
        self.limits = limits
        self.compress = compress
    }

    /// A spooled batch: the sequences it took and the rows it held.
    public struct Spooled: Hashable, Sendable {
        public var sequences: ClosedRange<UInt64>
        public var rows: Int
    }

    /// Appends `batch` (in several records when it must be split) and returns what was written.
    /// - Throws: `SpoolError` from the append; `BatchTooLarge` when a single row cannot fit a frame.
    public func append(_ batch: Batch, to spool: Spool) throws -> Spooled {
        var first: UInt64?
        var last: UInt64 = 0
        try forEachFrame(of: batch, nextSequence: { spool.nextSequence }) { frame, rows in
            let sequence = try spool.append(frame.bytes, samples: rows)
            if first == nil { first = sequence }
            last = sequence
        }
        return Spooled(sequences: (first ?? last)...last, rows: batch.rowCount)
    }

    /// Frames `batch`, splitting it in halves by rows until every frame fits, and hands each
    /// frame with its row count to `body` in row order.
    public func forEachFrame(of batch: Batch, nextSequence: () -> UInt64, _ body: (Frame, Int) throws -> Void) throws {
        if batch.rowCount <= limits.maxRows && batch.payloadByteCount <= limits.maxDecompressedPayload {
            let frame = Message.batch(sequence: nextSequence(), batch).frame(compress: compress)
            if Int(frame.header.payloadLength) <= limits.maxFramePayload {
                try body(frame, batch.rowCount)
                return
            }
        }
        guard batch.rowCount > 1 else {
            throw BatchTooLarge(family: batch.family, payloadBytes: batch.payloadByteCount, limit: limits.maxFramePayload)
        }
        let rows = batch.rows
        let middle = rows.count / 2
        for half in [Array(rows[..<middle]), Array(rows[middle...])] {
            let piece = try Batch(family: batch.family, sampledAt: batch.sampledAt, columns: batch.columns, rows: half, limits: BatchSpooler.unbounded)
            try forEachFrame(of: piece, nextSequence: nextSequence, body)
        }
    }

    static let unbounded = Limits(maxFramePayload: .max, maxDecompressedPayload: .max, maxRows: Int(UInt32.max),
                                  maxColumns: Int(UInt16.max), maxValueBytes: Int(UInt32.max))

    /// A single row too large for any frame.
    public struct BatchTooLarge: Error, CustomStringConvertible {
        public var family: String
        public var payloadBytes: Int
        public var limit: Int
        public var description: String {
            "a single \(family) row needs \(payloadBytes) bytes, more than a frame may carry (\(limit))"
        }
    }
}
