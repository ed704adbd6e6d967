/// Reconnection delays: exponential backoff with full jitter.
///
/// The n-th consecutive failure waits a uniformly random time in `0...min(cap, base × 2ⁿ)`, so a
/// fleet of collectors that lost the backend together does not reconnect in lockstep. A session
/// that reached WELCOME resets the count.
public struct Backoff: Hashable, Sendable {
    /// The first ceiling, in milliseconds.
    public var baseMilliseconds: Int
    /// The largest ceiling, in milliseconds.
    public var capMilliseconds: Int
    /// Consecutive failures so far.
    public private(set) var failures = 0

    public init(baseMilliseconds: Int, capMilliseconds: Int) {
        precondition(baseMilliseconds > 0 && capMilliseconds >= baseMilliseconds, "backoff needs 0 < base <= cap")
        self.baseMilliseconds = baseMilliseconds
        self.capMilliseconds = capMilliseconds
    }

    /// The ceiling of the next delay: `min(cap, base × 2^failures)`.
    public var ceilingMilliseconds: Int {
        let shift = min(failures, 40)
        let (grown, overflow) = baseMilliseconds.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? capMilliseconds : min(capMilliseconds, grown)
    }

    /// Records a failure and returns how long to wait before the next attempt.
    public mutating func nextDelay<R: RandomNumberGenerator>(using random: inout R) -> Int {
        let ceiling = ceilingMilliseconds
        failures += 1
        return Int.random(in: 0...ceiling, using: &random)
    }

    /// Records a failure and returns how long to wait, with the system's random numbers.
    public mutating func nextDelay() -> Int {
        var random = SystemRandomNumberGenerator()
        return nextDelay(using: &random)
    }

    /// A session succeeded: the next failure starts from the base again.
    public mutating func reset() {
        failures = 0
    }
}
