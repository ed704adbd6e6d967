import Spool

/// The collector's whole configuration, after defaults, the file and the environment.
///
/// Load it with `ConfigLoader`; every field has a default, so an empty file is a valid
/// configuration that monitors the local server's `postgres` database.
public struct CollectorConfig: Hashable, Sendable {
    public var collector = CollectorSettings()
    public var backend = BackendSettings()
    public var postgres = PostgresSettings()
    public var metrics = MetricsSettings()
    public var spool = SpoolSettings()
    public var security = SecuritySettings()

    public init() {}

    /// The families that will be collected, in canonical order.
    public var enabledFamilies: [MetricFamily] {
        MetricFamily.allCases.filter { metrics.enabled.contains($0) }
    }

    /// Seconds between two samples of `family`.
    public func interval(for family: MetricFamily) -> Int {
        metrics.intervals[family] ?? family.defaultInterval(base: collector.interval)
    }
}

/// `[collector]`: who this collector is and how often it samples.
public struct CollectorSettings: Hashable, Sendable {
    /// Display name; the backend takes the real identity from the client certificate.
    public var id: String?
    /// Host name reported to the backend; defaults to the system's.
    public var hostname: String?
    /// Seconds between rounds for families without an `[intervals]` entry (1...86400).
    public var interval = 60

    public init() {}
}

/// `[backend]`: where samples are shipped, the collector's mutual-TLS identity, and how the
/// shipper paces itself. The executable turns these into the shipper's configuration.
public struct BackendSettings: Hashable, Sendable {
    /// The default paths of the identity `pganalytics register` writes.
    public static let defaultCertificate = "/etc/pganalytics/collector.crt"
    public static let defaultKey = "/etc/pganalytics/collector.key"
    public static let defaultCA = "/etc/pganalytics/ca.crt"

    /// `host:port` of the ingest listener (a `pga://`, `tls://` or v3 `https://` URL is accepted);
    /// nil: nothing is shipped.
    public var url: String?
    public var tlsCert: String?
    public var tlsKey: String?
    public var caCert: String?
    /// The name the server certificate must carry, when it differs from the host in `url`.
    public var serverName: String?
    /// Most BATCH frames and bytes in flight unacknowledged.
    public var windowFrames = 1024
    public var windowBytes: Int64 = 8 << 20
    /// The longest wait between reconnection attempts, in seconds.
    public var reconnectMaxSeconds = 60
    /// Renew the certificate when less than this percentage of its validity is left (0: never).
    public var renewRemainingPercent = 33

    public init() {}

    /// `tls_cert`, or its default.
    public var certificatePath: String { tlsCert ?? Self.defaultCertificate }
    /// `tls_key`, or its default.
    public var keyPath: String { tlsKey ?? Self.defaultKey }
    /// `ca_cert`, or its default.
    public var caPath: String { caCert ?? Self.defaultCA }
}

/// `[security]`: transport security towards the backend.
public struct SecuritySettings: Hashable, Sendable {
    public var tlsEnabled = true
    public var verifySSL = true

    public init() {}
}

/// `[metrics]` and `[intervals]`: which families are collected, and how often.
public struct MetricsSettings: Hashable, Sendable {
    /// Families that are switched on.
    public var enabled = Set(MetricFamily.allCases)
    /// Per-family intervals in seconds, overriding `[collector] interval`.
    public var intervals: [MetricFamily: Int] = [:]

    public init() {}
}

/// `[spool]` (and the v3 `[buffer]` keys mapped onto it): the local segment log.
public struct SpoolSettings: Hashable, Sendable {
    public static let defaultDirectory = "/var/lib/pganalytics/spool"
    public static let defaultMaxBytes: Int64 = 1 << 30

    public var directory = SpoolSettings.defaultDirectory
    public var maxBytes = SpoolSettings.defaultMaxBytes
    public var fsync = FsyncPolicy.interval(milliseconds: 100)
    public var dropPolicy = DropPolicy.dropOldest
    /// Records older than this are dropped even when the spool is not full.
    public var maxAgeSeconds: Int?
    /// Segment size; by default an eighth of `maxBytes`, between 64 KiB and 64 MiB.
    public var segmentBytes: Int?

    /// What happens to new samples when the spool is full.
    public enum DropPolicy: String, Hashable, Sendable {
        /// Delete the oldest records (counted as dropped); collection never stops.
        case dropOldest = "drop_oldest"
        /// Keep what is spooled; new batches are refused and counted until space is freed.
        case dropNewest = "drop_newest"
    }

    public init() {}

    /// The spool module's options for these settings.
    public var options: SpoolOptions {
        let segment = segmentBytes ?? Int(min(max(maxBytes / 8, 64 << 10), 64 << 20))
        return SpoolOptions(
            fsync: fsync, segmentBytes: segment, maxBytes: maxBytes, maxAgeSeconds: maxAgeSeconds,
            fullPolicy: dropPolicy == .dropOldest ? .dropOldest : .block(maxWaitMilliseconds: 0))
    }
}
