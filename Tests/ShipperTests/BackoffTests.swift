import Shipper
import Testing

/// A deterministic generator, so jitter can be checked against its bounds without flakiness.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }
}

@Suite struct BackoffTests {
    @Test func ceilingsDoubleUpToTheCap() {
        var backoff = Backoff(baseMilliseconds: 100, capMilliseconds: 1_000)
        var random = SeededRandom(state: 1)
        var ceilings: [Int] = []
        for _ in 0..<6 {
            ceilings.append(backoff.ceilingMilliseconds)
            _ = backoff.nextDelay(using: &random)
        }
        #expect(ceilings == [100, 200, 400, 800, 1_000, 1_000])
        #expect(backoff.failures == 6)
    }

    @Test func delaysAreFullJitterWithinTheCeiling() {
        var random = SeededRandom(state: 42)
        var seen = Set<Int>()
        for _ in 0..<200 {
            var backoff = Backoff(baseMilliseconds: 1_000, capMilliseconds: 1_000)
            let delay = backoff.nextDelay(using: &random)
            #expect((0...1_000).contains(delay))
            seen.insert(delay / 100)
        }
        // Full jitter spreads over the whole range, not just near the ceiling.
        #expect(seen.count >= 8, "\(seen.sorted())")
    }

    @Test func resetStartsFromTheBase() {
        var backoff = Backoff(baseMilliseconds: 50, capMilliseconds: 10_000)
        for _ in 0..<5 { _ = backoff.nextDelay() }
        #expect(backoff.ceilingMilliseconds == 1_600)
        backoff.reset()
        #expect(backoff.ceilingMilliseconds == 50)
    }

    @Test func manyFailuresDoNotOverflow() {
        var backoff = Backoff(baseMilliseconds: 1 << 40, capMilliseconds: Int.max)
        for _ in 0..<200 { _ = backoff.nextDelay() }
        #expect(backoff.ceilingMilliseconds == Int.max)
    }
}
