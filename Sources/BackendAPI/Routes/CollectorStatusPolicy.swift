/// How a collector's status follows from the time since the backend last heard from it
/// (a HELLO or a committed batch), measured in collector intervals:
///
/// | status | last heard from |
/// | --- | --- |
/// | `active` | within 3 intervals (3 min at the default 60 s) |
/// | `stale` | within 10 intervals (10 min) |
/// | `offline` | longer ago, or never |
public struct CollectorStatusPolicy: Hashable, Sendable {
    /// The collectors' sampling interval in seconds (the collector's default is 60).
    public var intervalSeconds: Double
    /// Intervals of silence after which an active collector is stale.
    public static let staleAfterIntervals = 3.0
    /// Intervals of silence after which a collector is offline.
    public static let offlineAfterIntervals = 10.0

    public init(intervalSeconds: Double = 60) {
        precondition(intervalSeconds > 0, "the collector interval must be positive")
        self.intervalSeconds = intervalSeconds
    }

    /// The status values, in order of health.
    public enum Status: String, CaseIterable, Hashable, Sendable, Codable {
        case active
        case stale
        case offline
    }

    /// The status of a collector last heard from `seconds` ago (nil: never).
    public func status(secondsSinceLastSeen seconds: Double?) -> Status {
        guard let seconds else { return .offline }
        if seconds <= Self.staleAfterIntervals * intervalSeconds { return .active }
        if seconds <= Self.offlineAfterIntervals * intervalSeconds { return .stale }
        return .offline
    }
}
