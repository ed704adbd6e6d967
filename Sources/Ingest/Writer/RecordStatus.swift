import WireProtocol

/// What became of one record.
public enum RecordStatus: Hashable, Sendable {
    /// Its rows are committed.
    case stored(rows: Int)
    /// At or below the collector's committed sequence: stored before, skipped now.
    case duplicate
    /// The backend has no table for its family: not stored, but its sequence is committed
    /// (ERROR `unknown_family`, non-fatal).
    case unknownFamily
    /// PostgreSQL refused a value of it: not stored, but its sequence is committed so that the
    /// collector moves on (ERROR `batch_rejected`, non-fatal). The reason is PostgreSQL's.
    case rejected(reason: String)
    /// Its sequence cannot be committed (above 2^63 - 1, the largest committed sequence the
    /// collectors table holds): nothing of it is stored (ERROR `sequence_gap`, fatal). A sequence
    /// merely above the next expected one is stored, and the skipped ones reported as a
    /// `SequenceGap`.
    case sequenceGap(expected: UInt64)
    /// No row in `pganalytics.collectors` for its collector (ERROR `collector_unknown`).
    case collectorUnknown
    /// Its collector is revoked (ERROR `collector_revoked`).
    case collectorRevoked

    /// Whether the record's sequence is now at or below the collector's committed sequence, so
    /// that an ACK covers it.
    public var isCommitted: Bool {
        switch self {
        case .stored, .duplicate, .unknownFamily, .rejected: true
        case .sequenceGap, .collectorUnknown, .collectorRevoked: false
        }
    }

    /// The protocol ERROR to send for it (PROTOCOL.md table 6.5.1), nil when none.
    public var errorCode: ErrorCode? {
        switch self {
        case .stored, .duplicate: nil
        case .unknownFamily: .unknownFamily
        case .rejected: .batchRejected
        case .sequenceGap: .sequenceGap
        case .collectorUnknown: .collectorUnknown
        case .collectorRevoked: .collectorRevoked
        }
    }
}

/// The status of one record, with what identifies it.
public struct RecordOutcome: Hashable, Sendable {
    public var collectorID: String
    public var sequence: UInt64
    public var family: String
    public var status: RecordStatus

    public init(collectorID: String, sequence: UInt64, family: String, status: RecordStatus) {
        self.collectorID = collectorID
        self.sequence = sequence
        self.family = family
        self.status = status
    }
}

/// Sequences a collector skipped: records its spool dropped (under its size bound, or as
/// corrupt) before they were sent. They are counted in the collector's `lost_records`.
public struct SequenceGap: Hashable, Sendable, CustomStringConvertible {
    public var collectorID: String
    /// The first and last sequence missing, inclusive.
    public var first: UInt64
    public var last: UInt64

    public init(collectorID: String, first: UInt64, last: UInt64) {
        self.collectorID = collectorID
        self.first = first
        self.last = last
    }

    /// How many sequences are missing.
    public var count: UInt64 { last - first + 1 }

    public var description: String { first == last ? "sequence \(first)" : "sequences \(first)...\(last)" }
}

/// The result of writing records: one outcome per record, in the order given, and each
/// collector's committed sequence after the transaction (what to ACK).
public struct WriteResult: Hashable, Sendable {
    public var outcomes: [RecordOutcome]
    /// Per collector of the records: its committed sequence after the write (0 when it has
    /// none, and for unknown collectors).
    public var committedSequences: [String: UInt64]
    /// Sequences the committed records skipped, now counted as lost.
    public var gaps: [SequenceGap]

    public init(outcomes: [RecordOutcome] = [], committedSequences: [String: UInt64] = [:], gaps: [SequenceGap] = []) {
        self.outcomes = outcomes
        self.committedSequences = committedSequences
        self.gaps = gaps
    }
}
