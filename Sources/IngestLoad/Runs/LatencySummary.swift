/// Percentiles of a set of durations.
public struct LatencySummary: Hashable, Sendable {
    public var count: Int
    /// Milliseconds.
    public var p50: Double
    public var p99: Double
    public var max: Double

    /// - Parameter nanoseconds: the samples, in any order.
    public init(nanoseconds: [UInt64]) {
        let sorted = nanoseconds.sorted()
        count = sorted.count
        func percentile(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = Swift.min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
            return Double(sorted[Swift.max(0, index)]) / 1e6
        }
        p50 = percentile(0.50)
        p99 = percentile(0.99)
        max = sorted.last.map { Double($0) / 1e6 } ?? 0
    }
}

/// Counts by name (ERROR codes, failure kinds), printable in a stable order.
public struct Tally: Hashable, Sendable, CustomStringConvertible {
    public private(set) var counts: [String: Int] = [:]

    public init() {}

    public mutating func add(_ name: String, _ count: Int = 1) { counts[name, default: 0] += count }

    public mutating func merge(_ other: Tally) {
        for (name, count) in other.counts { add(name, count) }
    }

    public var total: Int { counts.values.reduce(0, +) }

    public var description: String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
