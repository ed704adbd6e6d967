/// Which records of a write each collector contributes, and what the transaction decided about
/// each record.
struct WritePlan {
    let records: [IngestRecord]
    /// Per collector, indexes into `records` ordered by sequence.
    let byCollector: [String: [Int]]
    /// The collectors, sorted: rows are locked in this order, so writers never deadlock.
    let collectors: [String]

    init(_ records: [IngestRecord]) {
        self.records = records
        var byCollector: [String: [Int]] = [:]
        for (index, record) in records.enumerated() {
            byCollector[record.collectorID, default: []].append(index)
        }
        for key in byCollector.keys {
            byCollector[key]!.sort { (records[$0].sequence, $0) < (records[$1].sequence, $1) }
        }
        self.byCollector = byCollector
        collectors = byCollector.keys.sorted()
    }

    /// A collector's row as locked at the start of the transaction.
    struct CollectorState {
        var committed: UInt64
        var revoked: Bool
    }

    /// What `classify` decided.
    struct Classification {
        /// Per record: its final status, or nil for a record to store.
        var statuses: [RecordStatus?]
        /// Records to store, per family, as indexes in the order of `records`.
        var toStore: [String: [Int]]
        /// Sequences skipped forward (lost on the collector's side), in order.
        var gaps: [SequenceGap]
    }

    /// Decides every record from the collectors' states: duplicates, unknown or revoked
    /// collectors and unknown families get their final status; the records to store are
    /// returned per family (in the order of `records`), with `nil` status for now.
    ///
    /// A sequence above the next expected one is accepted: the collector's spool dropped the
    /// records in between (under its size bound, or as corrupt), and they are reported as a gap.
    func classify(states: [String: CollectorState], catalog: FamilyCatalog) -> Classification {
        var statuses = [RecordStatus?](repeating: nil, count: records.count)
        var toStore: [String: [Int]] = [:]
        var gaps: [SequenceGap] = []
        for collector in collectors {
            let indexes = byCollector[collector]!
            guard let state = states[collector] else {
                for index in indexes { statuses[index] = .collectorUnknown }
                continue
            }
            if state.revoked {
                for index in indexes { statuses[index] = .collectorRevoked }
                continue
            }
            var next = state.committed + 1
            var unstorable = false
            for index in indexes {
                let record = records[index]
                if record.sequence < next {
                    statuses[index] = .duplicate
                } else if unstorable || record.sequence > UInt64(Int64.max) {
                    // committed_sequence is a bigint: this and every later record cannot be committed.
                    unstorable = true
                    statuses[index] = .sequenceGap(expected: next)
                } else {
                    if record.sequence > next {
                        gaps.append(SequenceGap(collectorID: collector, first: next, last: record.sequence - 1))
                    }
                    next = record.sequence + 1
                    if catalog[record.batch.family] == nil {
                        statuses[index] = .unknownFamily
                    } else {
                        toStore[record.batch.family, default: []].append(index)
                    }
                }
            }
        }
        for key in toStore.keys { toStore[key]!.sort() }
        return Classification(statuses: statuses, toStore: toStore, gaps: gaps)
    }
}
