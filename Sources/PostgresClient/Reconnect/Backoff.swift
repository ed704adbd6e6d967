/// Exponential backoff between connection attempts: `initial`, then × `multiplier` after every
/// further failure, never more than `maximum`.
public struct Backoff: Hashable, Sendable {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Int

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(60), multiplier: Int = 2) {
        precondition(initial > .zero && maximum >= initial && multiplier >= 1, "backoff needs 0 < initial <= maximum, multiplier >= 1")
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
    }

    /// The wait after `failures` consecutive failed attempts (1 for the first failure).
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = initial
        for _ in 1..<failures {
            guard delay < maximum else { break }
            delay = delay * multiplier
        }
        return min(delay, maximum)
    }
}

/// A monotonic time source, injectable so that backoff is tested without sleeping.
public struct MonotonicClock: Sendable {
    private let read: @Sendable () -> Duration

    /// A clock that reads `now()`: any fixed origin will do, only differences matter.
    public init(_ now: @escaping @Sendable () -> Duration) {
        read = now
    }

    /// Time since the clock's origin.
    public func now() -> Duration { read() }

    /// The system's monotonic clock.
    public static let system = MonotonicClock { systemOrigin.duration(to: .now) }
}

private let systemOrigin = ContinuousClock.now
