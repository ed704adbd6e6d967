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

    /// Whether damage is worth showing under this selection: only `--sequence` can rule it out,
    /// since a damaged record's family and time are unknown.
    func mayInclude(_ damage: Damage) -> Bool {
        guard let sequences, let sequence = damage.sequence else { return true }
        return sequences.contains(sequence)
    }

    func matches(_ record: DecodedRecord) -> Bool {
        if let sequences, !sequences.contains(record.sequence) { return false }
        if !families.isEmpty, !families.contains(record.batch.family) { return false }
        if let since, record.batch.sampledAt < since { return false }
        if let until, record.batch.sampledAt > until { return false }
        return true
    }
}
