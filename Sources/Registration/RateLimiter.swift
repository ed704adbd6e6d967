import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts attempts per key (a peer address, a collector id) and in total, each against a
/// token bucket, and says whether one more is allowed.
///
/// Memory is bounded: at most `maximumKeys` keys are tracked; keys whose bucket is full again
/// are forgotten first, and when every tracked key is still limited a new key is refused as if
/// the global limit were reached (a flood from many addresses cannot grow the table).
public final class RateLimiter: Sendable {
    /// The outcome of one attempt.
    public enum Decision: Hashable, Sendable {
        case allowed
        /// This key used up its attempts; one more is allowed after `retryAfter` seconds.
        case keyLimited(retryAfter: Double)
        /// All keys together used up the attempts (or too many keys are limited at once).
        case globallyLimited(retryAfter: Double)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var global: Bucket
    }

    public let perKey: RateLimit
    public let global: RateLimit
    public let maximumKeys: Int
    private let clock: @Sendable () -> Double
    private let state: NIOLockedValueBox<State>

    /// - Parameter clock: monotonic seconds; tests pass their own.
    public init(perKey: RateLimit, global: RateLimit, maximumKeys: Int = 10_000,
                clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        precondition(maximumKeys >= 1, "a rate limiter tracks at least one key")
        self.perKey = perKey
        self.global = global
        self.maximumKeys = maximumKeys
        self.clock = clock
        self.state = NIOLockedValueBox(State(global: Bucket(tokens: Double(global.burst), updated: clock())))
    }

    /// Records an attempt for `key` and says whether it is allowed. A refused attempt uses up
    /// nothing, so a peer that keeps trying is let in again once its bucket refilled.
    public func attempt(_ key: String) -> Decision {
        let now = clock()
        return state.withLockedValue { state in
            refill(&state.global, limit: global, now: now)
            var bucket = state.buckets[key] ?? Bucket(tokens: Double(perKey.burst), updated: now)
            refill(&bucket, limit: perKey, now: now)
            if bucket.tokens < 1 {
                state.buckets[key] = bucket
                return .keyLimited(retryAfter: perKey.secondsUntilNext(tokens: bucket.tokens))
            }
            if state.global.tokens < 1 {
                return .globallyLimited(retryAfter: global.secondsUntilNext(tokens: state.global.tokens))
            }
            if state.buckets[key] == nil && state.buckets.count >= maximumKeys {
                forgetRefilled(&state, now: now)
                if state.buckets.count >= maximumKeys {
                    return .globallyLimited(retryAfter: perKey.secondsUntilNext(tokens: 0))
                }
            }
            bucket.tokens -= 1
            state.global.tokens -= 1
            state.buckets[key] = bucket
            return .allowed
        }
    }

    /// Keys tracked right now (for tests of the memory bound).
    public var trackedKeys: Int {
        state.withLockedValue { $0.buckets.count }
    }

    private func refill(_ bucket: inout Bucket, limit: RateLimit, now: Double) {
        let elapsed = max(0, now - bucket.updated)
        bucket.tokens = min(Double(limit.burst), bucket.tokens + elapsed * limit.perMinute / 60)
        bucket.updated = now
    }

    private func forgetRefilled(_ state: inout State, now: Double) {
        let limit = perKey
        state.buckets = state.buckets.filter { _, bucket in
            let elapsed = max(0, now - bucket.updated)
            return bucket.tokens + elapsed * limit.perMinute / 60 < Double(limit.burst)
        }
    }

    /// `CLOCK_MONOTONIC` in seconds.
    @Sendable public static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
