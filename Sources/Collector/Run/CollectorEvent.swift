import WireProtocol

/// Something the collector reports about itself in the `collector_events` family: a family that
/// started failing or recovered, samples the spool dropped.
public struct CollectorEvent: Hashable, Sendable {
    public enum Severity: String, Hashable, Sendable {
        case info, warning, error
    }

    /// The family concerned, or `spool`.
    public var family: String
    public var severity: Severity
    public var message: String
    /// Failures of this family since the collector started.
    public var failureCount: Int

    public init(family: String, severity: Severity, message: String, failureCount: Int = 0) {
        self.family = family
        self.severity = severity
        self.message = message
        self.failureCount = failureCount
    }

    /// The `collector_events` batch of some events, at `time`.
    public static func batch(_ events: [CollectorEvent], at time: SampleTime) throws(WireError) -> Batch {
        let columns: [ColumnDescriptor] = [
            .init(name: "family", type: .text), .init(name: "severity", type: .text),
            .init(name: "message", type: .text), .init(name: "failure_count", type: .int8),
        ]
        let rows = events.map { event -> [Value] in
            // Messages come from servers and the kernel: keep them within a value's bounds and free of NUL.
            let message = String(decoding: event.message.utf8.prefix(4000).filter { $0 != 0 }, as: UTF8.self)
            return [.text(event.family), .text(event.severity.rawValue), .text(message), .int8(Int64(event.failureCount))]
        }
        return try Batch(family: MetricFamily.collectorEvents.name, sampledAt: time.microsecondsSince2000, columns: columns, rows: rows)
    }
}
