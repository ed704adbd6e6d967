/// A token bucket: up to `burst` attempts at once, refilled at `perMinute` attempts a minute.
public struct RateLimit: Hashable, Sendable, CustomStringConvertible {
    /// Attempts allowed in a burst (the bucket's size).
    public var burst: Int
    /// Attempts regained per minute.
    public var perMinute: Double

    /// - Precondition: `burst` ≥ 1 and `perMinute` > 0.
    public init(burst: Int, perMinute: Double) {
        precondition(burst >= 1 && perMinute > 0, "a rate limit needs burst >= 1 and perMinute > 0")
        self.burst = burst
        self.perMinute = perMinute
    }

    public var description: String { "\(burst) at once, \(perMinute) a minute" }

    /// Seconds until one more attempt is allowed when the bucket holds `tokens` (< 1).
    func secondsUntilNext(tokens: Double) -> Double {
        max(0, (1 - tokens) * 60 / perMinute)
    }
}
