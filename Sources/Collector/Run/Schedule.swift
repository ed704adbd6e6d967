/// When each family is next due, on a grid aligned to the wall clock: a family sampled every
/// 10 s fires at :00, :10, :20 ... of every minute, whenever the collector started, so the
/// samples of a fleet line up.
public struct Schedule: Sendable {
    /// Seconds between two samples of each family.
    public let intervals: [String: Int]
    /// Next due time of each family, microseconds since the Unix epoch.
    public private(set) var due: [String: Int64] = [:]

    /// A schedule whose first ticks are the first grid points at or after `nowMicros`.
    public init(intervals: [String: Int], nowMicros: Int64) {
        self.intervals = intervals.filter { $0.value > 0 }
        for (family, seconds) in self.intervals {
            due[family] = Self.gridPoint(atOrAfter: nowMicros, seconds: seconds)
        }
    }

    /// The earliest due time and every family due then; nil when nothing is scheduled.
    public func next() -> (micros: Int64, families: Set<String>)? {
        guard let earliest = due.values.min() else { return nil }
        return (earliest, Set(due.filter { $0.value == earliest }.keys))
    }

    /// Moves `families` to their first grid point after `nowMicros`. Ticks missed while a round
    /// overran are skipped, not caught up; returns how many were skipped.
    @discardableResult
    public mutating func advance(_ families: Set<String>, after nowMicros: Int64) -> Int {
        var skipped = 0
        for family in families {
            guard let seconds = intervals[family], let current = due[family] else { continue }
            let period = Int64(seconds) * 1_000_000
            let next = Self.gridPoint(atOrAfter: nowMicros + 1, seconds: seconds)
            skipped += max(0, Int((next - current) / period) - 1)
            due[family] = max(next, current + period)
        }
        return skipped
    }

    /// The first multiple of `seconds` (since the Unix epoch) at or after `micros`.
    public static func gridPoint(atOrAfter micros: Int64, seconds: Int) -> Int64 {
        let period = Int64(seconds) * 1_000_000
        let remainder = micros % period
        return remainder == 0 ? micros : micros - remainder + period
    }
}
