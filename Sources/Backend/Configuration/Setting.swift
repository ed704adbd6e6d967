/// One setting of `pganalytics-api`: its environment variable, its flag and its default.
public struct Setting: Hashable, Sendable, CustomStringConvertible {
    /// The environment variable, e.g. `PORT`.
    public let environment: String
    /// The flag without dashes, e.g. `port` for `--port`.
    public let flag: String
    /// The default, as documentation shows it; nil when there is none.
    public let defaultText: String?

    init(_ environment: String, _ flag: String, default defaultText: String? = nil) {
        self.environment = environment
        self.flag = flag
        self.defaultText = defaultText
    }

    /// `PORT (--port)`: how errors name the setting.
    public var description: String { "\(environment) (--\(flag))" }

    public static let databaseURL = Setting("DATABASE_URL", "database-url")
    public static let port = Setting("PORT", "port", default: "8080")
    public static let ingestPort = Setting("INGEST_PORT", "ingest-port", default: "8443")
    public static let tlsCertificate = Setting("TLS_CERT", "tls-cert")
    public static let tlsKey = Setting("TLS_KEY", "tls-key")
    public static let tlsCA = Setting("TLS_CA", "tls-ca")
    public static let tlsMinimumVersion = Setting("TLS_MIN_VERSION", "tls-min-version", default: "1.3")
    public static let caKey = Setting("CA_KEY", "ca-key", default: "ca.key next to TLS_CA")
    public static let registrationSecret = Setting("REGISTRATION_SECRET", "registration-secret")
    public static let adminToken = Setting("ADMIN_TOKEN", "admin-token")
    public static let logLevel = Setting("LOG_LEVEL", "log-level", default: "info")
    public static let retentionDays = Setting("RETENTION_DAYS", "retention-days", default: "30")
    public static let writers = Setting("WRITERS", "writers", default: "3")
    public static let maxConnections = Setting("MAX_CONNECTIONS", "max-connections", default: "4096")
    public static let collectorInterval = Setting("COLLECTOR_INTERVAL", "collector-interval", default: "60")

    /// Every setting, in the order the documentation lists them.
    public static let all: [Setting] = [
        databaseURL, port, ingestPort, tlsCertificate, tlsKey, tlsCA, tlsMinimumVersion, caKey, registrationSecret,
        adminToken, logLevel, retentionDays, writers, maxConnections, collectorInterval,
    ]
}
