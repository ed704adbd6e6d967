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

    /// Decides every record from the collectors' states: duplicates, gaps, unknown or revoked
    /// collectors and unknown families get their final status; the records to store are
    /// returned per family (in the order of `records`), with `nil` status for now.
    func classify(states: [String: CollectorState], catalog: FamilyCatalog) -> (statuses: [RecordStatus?], toStore: [String: [Int]]) {
        var statuses = [RecordStatus?](repeating: nil, count: records.count)
        var toStore: [String: [Int]] = [:]
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
            var gap = false
            for index in indexes {
                let record = records[index]
                if record.sequence < next {
                    statuses[index] = .duplicate
                } else if gap || record.sequence != next || record.sequence > UInt64(Int64.max) {
                    gap = true
                    statuses[index] = .sequenceGap(expected: next)
                } else {
                    next += 1
                    if catalog[record.batch.family] == nil {
                        statuses[index] = .unknownFamily
                    } else {
                        toStore[record.batch.family, default: []].append(index)
                    }
                }
            }
        }
        for key in toStore.keys { toStore[key]!.sort() }
        return (statuses, toStore)
    }
}
