/// A `--sequence` value: `FROM`, `FROM-TO` or `FROM-` (both ends inclusive).
struct SequenceRange: Hashable {
    var lower: UInt64
    var upper: UInt64

    func contains(_ sequence: UInt64) -> Bool { sequence >= lower && sequence <= upper }

    /// Parses `12`, `12-40` or `12-`; nil when malformed or when TO is below FROM.
    init?(_ text: String) {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let lower = UInt64(first) else { return nil }
        self.lower = lower
        if parts.count == 1 {
            upper = lower
        } else if parts[1].isEmpty {
            upper = .max
        } else {
            guard let upper = UInt64(parts[1]), upper >= lower else { return nil }
            self.upper = upper
        }
    }
}
