/// One thing `GET /api/v1/health` checks besides the database: it answers nil when fine and
/// the reason otherwise (for example the ingest listener not accepting).
public struct HealthCheck: Sendable {
    /// The name the health answer lists it under.
    public var name: String
    public var check: @Sendable () async -> String?

    public init(name: String, check: @escaping @Sendable () async -> String?) {
        self.name = name
        self.check = check
    }
}

/// The body of `GET /api/v1/health`.
struct HealthJSON: Encodable {
    /// `ok` (HTTP 200) or `unavailable` (HTTP 503).
    let status: String
    let version: String
    let uptimeSeconds: Int
    /// Each check's result: `ok` or the reason it failed.
    let checks: [String: String]
    /// The failed checks' reasons joined, `null` when healthy.
    let reason: String?

    private enum Keys: String, CodingKey {
        case status, version, checks, reason
        case uptimeSeconds = "uptime_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(status, forKey: .status)
        try container.encode(version, forKey: .version)
        try container.encode(uptimeSeconds, forKey: .uptimeSeconds)
        try container.encode(checks, forKey: .checks)
        try container.encode(reason, forKey: .reason)
    }
}
