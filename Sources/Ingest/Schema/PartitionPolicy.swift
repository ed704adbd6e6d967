/// How many daily partitions exist around today, and how long data is kept.
public struct PartitionPolicy: Hashable, Sendable {
    /// Partitions exist through today + `daysAhead`, so writes never wait for DDL.
    public var daysAhead: Int
    /// Partitions that end on or before the start of (today − `retentionDays`) are dropped: a
    /// row is kept at least `retentionDays` days and at most one day more.
    public var retentionDays: Int
    /// Missing partitions are created back to today − `daysBehind`, so that a collector that
    /// was offline can replay its spool. At most `retentionDays`.
    public var daysBehind: Int

    public init(daysAhead: Int = 3, retentionDays: Int = 30, daysBehind: Int? = nil) {
        precondition(daysAhead >= 0 && retentionDays >= 1, "daysAhead >= 0 and retentionDays >= 1")
        self.daysAhead = daysAhead
        self.retentionDays = retentionDays
        self.daysBehind = min(daysBehind ?? retentionDays, retentionDays)
    }
}
