#if canImport(Glibc)
import Glibc
#endif
import WireProtocol

/// When a round is taken: one instant shared by every batch of the round.
public struct SampleTime: Hashable, Sendable {
    /// Microseconds since 2000-01-01 00:00:00 UTC, PostgreSQL's `timestamptz` representation.
    public var microsecondsSince2000: Int64

    public init(microsecondsSince2000: Int64) {
        self.microsecondsSince2000 = microsecondsSince2000
    }

    /// The current wall-clock time.
    public static func now() -> SampleTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let unixMicros = Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
        return SampleTime(microsecondsSince2000: unixMicros - 946_684_800_000_000)
    }
}

/// Whether a family will be collected, and if not, why (printed by `pganalytics --validate`).
public struct FamilyAvailability: Hashable, Sendable {
    public enum Status: Hashable, Sendable {
        case available
        /// Turned off in the configuration.
        case disabled
        /// The server cannot provide it: too old a version, a missing extension, a standby-only view.
        case unavailable(reason: String)
        /// It could be provided but the collector lacks a privilege (e.g. pg_monitor).
        case notPermitted(reason: String)
    }

    public var family: String
    public var status: Status

    public init(family: String, status: Status) {
        self.family = family
        self.status = status
    }
}

/// Produces the batches of one or more metric families.
///
/// Samplers are driven by the run loop from a single thread at a time and may block (libpq calls
/// are synchronous); they keep whatever state they need between rounds (previous CPU counters,
/// query texts already sent). One family failing must not stop the others: a sampler reports
/// per-family failures in `SampleResult.failures` and still returns the batches it could make.
public protocol Sampler: AnyObject {
    /// A short name for logs, e.g. `postgres:app` or `host`.
    var name: String { get }
    /// Every family this sampler can produce.
    var families: [String] { get }
    /// Whether each family will be collected; may query the server.
    func availability() -> [FamilyAvailability]
    /// Collects the requested families (a subset of `families`) at `time`.
    func collect(_ requested: Set<String>, at time: SampleTime) -> SampleResult
}

/// What one `collect` call produced.
public struct SampleResult: Sendable {
    /// Batches ready to be framed and spooled; a family may span several batches.
    public var batches: [Batch]
    /// Families that failed this round, with a message for the log and the collector-event family.
    public var failures: [String: String]

    public init(batches: [Batch] = [], failures: [String: String] = [:]) {
        self.batches = batches
        self.failures = failures
    }
}
