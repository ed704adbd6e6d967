/// What the run loop runs: a configuration and the samplers built from it.
public struct RunSetup {
    public var config: CollectorConfig
    public var samplers: [any Sampler]

    public init(config: CollectorConfig, samplers: [any Sampler]) {
        self.config = config
        self.samplers = samplers
    }

    /// Seconds between samples of a family a sampler names (its configured interval, or the
    /// collector's for names the configuration does not know).
    func interval(of family: String) -> Int {
        MetricFamily(rawValue: family).map(config.interval(for:)) ?? config.collector.interval
    }

    /// Whether the configuration switches a family on (names it does not know are on).
    func isEnabled(_ family: String) -> Bool {
        MetricFamily(rawValue: family).map(config.metrics.enabled.contains) ?? true
    }
}

/// Counters of a run, for logs and tests.
public struct RunStatistics: Hashable, Sendable {
    public var rounds = 0
    /// Spool records written (a split batch counts once per record).
    public var records = 0
    /// Rows in those records.
    public var rows = 0
    /// Grid ticks skipped because a round overran.
    public var skippedTicks = 0
    /// Family failures, every round counted.
    public var failures = 0
    public var reloads = 0
    public var events = 0

    public init() {}
}
