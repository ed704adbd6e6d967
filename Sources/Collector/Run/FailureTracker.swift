/// Remembers each family's last failure so that a failure is logged and recorded once when it
/// starts or changes, and once when the family recovers, not every round.
public struct FailureTracker: Sendable {
    /// The current failure message of each failing family.
    public private(set) var failing: [String: String] = [:]
    /// Failures per family since the collector started, every round counted.
    public private(set) var counts: [String: Int] = [:]

    public init() {}

    /// Records one round of `family`: nil when it succeeded, else its failure message.
    /// Returns an event when the family's state changed.
    public mutating func record(_ family: String, failure: String?) -> CollectorEvent? {
        if let failure {
            counts[family, default: 0] += 1
            guard failing[family] != failure else { return nil }
            failing[family] = failure
            return CollectorEvent(family: family, severity: .error, message: failure, failureCount: counts[family]!)
        }
        guard let previous = failing.removeValue(forKey: family) else { return nil }
        return CollectorEvent(family: family, severity: .info, message: "recovered (last failure: \(previous))",
                              failureCount: counts[family] ?? 0)
    }

    /// Total failures over every family.
    public var totalFailures: Int { counts.values.reduce(0, +) }
}
