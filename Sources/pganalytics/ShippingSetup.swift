#if canImport(Glibc)
import Glibc
#endif
import Collector
import Logging
import Shipper

/// Turns `[backend]` and `[security]` into the shipper's configuration.
enum ShippingSetup {
    /// The shipper's configuration, or nil when `[backend] url` is not set (collect only).
    /// - Throws: a message for the operator when the settings cannot work.
    static func configuration(_ config: CollectorConfig) throws -> ShipperConfiguration? {
        guard let url = config.backend.url else { return nil }
        guard config.security.tlsEnabled else {
            throw SetupError("[security] tls_enabled = false: the collector ships only over mutual TLS; remove the key (or set it to true) and register the collector with `pganalytics register`")
        }
        let address = try BackendAddress(parsing: url)
        let backend = config.backend
        var configuration = ShipperConfiguration(
            backend: address,
            credentials: CredentialPaths(certificate: backend.certificatePath, privateKey: backend.keyPath, caCertificate: backend.caPath),
            software: "pganalytics/\(CollectorVersion.current)", hostname: hostname(config))
        configuration.serverName = backend.serverName
        configuration.verifyServerName = config.security.verifySSL
        configuration.windowFrames = backend.windowFrames
        configuration.windowBytes = Int(backend.windowBytes)
        configuration.backoffCapMilliseconds = max(configuration.backoffBaseMilliseconds, backend.reconnectMaxSeconds * 1000)
        configuration.renewal = RenewalPolicy(remainingFraction: Double(backend.renewRemainingPercent) / 100)
        try configuration.validate()
        return configuration
    }

    /// Notices about the settings worth logging once at start.
    static func notices(_ config: CollectorConfig, _ configuration: ShipperConfiguration) -> [String] {
        var notices: [String] = []
        if configuration.backend.isHTTPStyle {
            notices.append("[backend] url \"\(config.backend.url ?? "")\": pganalytics ships over its own protocol on mutual TLS, not HTTP; connecting to \(configuration.backend) (use host:port to silence this notice)")
        }
        if !config.security.verifySSL {
            notices.append("[security] verify_ssl = false: the backend's certificate is checked against ca_cert but its host name is not (for testing only)")
        }
        return notices
    }

    /// `[collector] hostname`, or the system's.
    static func hostname(_ config: CollectorConfig) -> String {
        if let name = config.collector.hostname { return name }
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The `--validate` section about shipping: the address and the certificate files.
    /// - Returns: the lines and whether shipping can start.
    static func validationLines(_ config: CollectorConfig, now: Int64) -> (lines: [String], ok: Bool) {
        guard config.backend.url != nil else {
            return (["backend: not configured ([backend] url is not set); samples stay in the spool"], true)
        }
        let configuration: ShipperConfiguration
        do {
            guard let made = try Self.configuration(config) else { return ([], true) }
            configuration = made
        } catch {
            return (["backend: INVALID: \(error)"], false)
        }
        var lines = ["backend: \(configuration.backend)" + (configuration.serverName.map { " (server name \($0))" } ?? "")]
        lines += notices(config, configuration).map { "  notice: \($0)" }
        let paths = configuration.credentials
        do {
            let credentials = try Credentials.load(paths)
            let leaf = credentials.certificate
            let days = (leaf.notAfter - now) / 86_400
            let renewAt = configuration.renewal.dueAt(notBefore: leaf.notBefore, notAfter: leaf.notAfter)
            lines.append("  certificate \(paths.certificate): collector id \(credentials.collectorID ?? "<none>"), serial \(leaf.serialNumberHex)")
            if leaf.notAfter <= now {
                lines.append("  EXPIRED at \(Timestamp.text(leaf.notAfter)); register the collector again")
                return (lines, false)
            }
            if leaf.notBefore > now {
                lines.append("  NOT YET VALID: valid from \(Timestamp.text(leaf.notBefore)) (is the clock right?)")
                return (lines, false)
            }
            lines.append("  valid until \(Timestamp.text(leaf.notAfter)) (\(days) days); renewed automatically from \(Timestamp.text(renewAt))")
            lines.append("  key \(paths.privateKey): matches the certificate")
            lines.append("  CA \(paths.caCertificate): \(credentials.trustRoots.map(\.subjectDescription).joined(separator: ", "))")
            if let id = CredentialStore.readCollectorID(paths: paths), id != credentials.collectorID {
                lines.append("  warning: \(paths.collectorIDFile) says \(id), the certificate \(credentials.collectorID ?? "<none>")")
            }
            return (lines, true)
        } catch {
            lines.append("  NOT USABLE: \(error)")
            return (lines, false)
        }
    }
}

struct SetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// UTC timestamps for people, without Foundation.
enum Timestamp {
    static func text(_ unixSeconds: Int64) -> String {
        var time = time_t(unixSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) UTC"
    }
}
