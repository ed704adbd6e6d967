/// Which records `--family`, `--since`, `--until` and `--sequence` select. All given filters
/// must match; none given selects everything.
struct RecordFilter {
    /// Families to keep; empty keeps all.
    var families: Set<String> = []
    /// Inclusive lower bound on `sampled_at`, microseconds since 2000.
    var since: Int64?
    /// Inclusive upper bound on `sampled_at`.
    var until: Int64?
    var sequences: SequenceRange?

    /// Whether any filter is set.
    var isActive: Bool { !families.isEmpty || since != nil || until != nil || sequences != nil }

    func matches(_ record: DecodedRecord) -> Bool {
        if let sequences, !sequences.contains(record.sequence) { return false }
        if !families.isEmpty, !families.contains(record.batch.family) { return false }
        if let since, record.batch.sampledAt < since { return false }
        if let until, record.batch.sampledAt > until { return false }
        return true
    }
}
