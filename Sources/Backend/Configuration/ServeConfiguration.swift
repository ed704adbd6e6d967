#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import PostgresClient
import TLS

/// Everything `pganalytics-api serve` needs, checked: a value that is missing or wrong is a
/// `ConfigurationError` naming the setting before anything starts.
public struct ServeConfiguration: Sendable {
    public var database: ConnectionParameters
    public var httpPort: Int
    public var ingestPort: Int
    public var tlsCertificate: String
    public var tlsKey: String
    public var tlsCA: String
    public var tlsMinimumVersion: TLSVersion
    /// The CA's private key; nil when the file is missing (then neither REGISTER nor RENEW can
    /// be answered, and `registrationSecret` must be nil).
    public var caKey: String?
    public var registrationSecret: String?
    public var adminToken: String?
    public var logLevel: Logger.Level
    public var retentionDays: Int
    public var writers: Int
    public var maxConnections: Int
    public var collectorIntervalSeconds: Int

    /// The shortest ADMIN_TOKEN accepted.
    public static let minimumAdminTokenLength = 16
    /// The shortest REGISTRATION_SECRET accepted.
    public static let minimumSecretLength = 16

    public init(_ sources: SettingSources) throws(ConfigurationError) {
        database = try DatabaseSetting.parameters(sources)
        httpPort = try sources.port(.port, default: 8080)
        ingestPort = try sources.port(.ingestPort, default: 8443)
        if httpPort != 0 && httpPort == ingestPort {
            throw ConfigurationError(.ingestPort, "is \(ingestPort), the same port as PORT; the HTTP API and the ingest listener need one each")
        }
        let hint = "create the CA and the server certificate with `pganalytics-api ca init` and use the lines it prints"
        tlsCertificate = try sources.readableFile(.tlsCertificate, "the ingest listener's certificate (PEM); \(hint)")
        tlsKey = try sources.readableFile(.tlsKey, "the ingest listener's private key (PEM); \(hint)")
        tlsCA = try sources.readableFile(.tlsCA, "the CA certificate collectors' certificates are checked against (PEM); \(hint)")
        tlsMinimumVersion = try Self.tlsVersion(sources)
        registrationSecret = try sources.secret(.registrationSecret, minimumLength: Self.minimumSecretLength)
        adminToken = try sources.secret(.adminToken, minimumLength: Self.minimumAdminTokenLength)
        logLevel = try sources.logLevel()
        retentionDays = try sources.integer(.retentionDays, default: 30, in: 1...36_500)
        writers = try sources.integer(.writers, default: 3, in: 1...64)
        maxConnections = try sources.integer(.maxConnections, default: 4096, in: 1...1_000_000)
        collectorIntervalSeconds = try sources.integer(.collectorInterval, default: 60, in: 1...86_400)

        let explicitKey = sources.value(.caKey)
        let keyPath = explicitKey ?? Self.directory(of: tlsCA) + "/ca.key"
        if explicitKey != nil || registrationSecret != nil {
            // Registration cannot work without it; a named file must be there.
            try SettingSources.checkReadable(keyPath, .caKey)
            caKey = keyPath
        } else {
            caKey = access(keyPath, R_OK) == 0 ? keyPath : nil
        }
    }

    static func tlsVersion(_ sources: SettingSources) throws(ConfigurationError) -> TLSVersion {
        guard let text = sources.value(.tlsMinimumVersion) else { return .v1_3 }
        switch text.trimmingSpaces.lowercased() {
        case "1.3", "tlsv1.3", "tls1.3": return .v1_3
        case "1.2", "tlsv1.2", "tls1.2": return .v1_2
        default: throw ConfigurationError(.tlsMinimumVersion, "\"\(text)\" is not a TLS version this backend allows (1.3 or 1.2)")
        }
    }

    /// The directory part of `path` (`.` when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
