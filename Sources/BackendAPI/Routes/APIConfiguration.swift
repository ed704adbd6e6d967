/// What the HTTP API needs to know beyond its socket.
public struct APIConfiguration: Sendable {
    /// The bearer token the admin endpoints require; nil disables them (403).
    public var adminToken: String?
    /// How a collector's status is derived from its last contact.
    public var statusPolicy: CollectorStatusPolicy
    /// The backend's version, reported by the health endpoint.
    public var version: String
    /// How long a health check may take before it counts as failed.
    public var healthCheckTimeoutSeconds: Double

    public init(adminToken: String?, statusPolicy: CollectorStatusPolicy = CollectorStatusPolicy(), version: String,
                healthCheckTimeoutSeconds: Double = 5) {
        self.adminToken = adminToken
        self.statusPolicy = statusPolicy
        self.version = version
        self.healthCheckTimeoutSeconds = healthCheckTimeoutSeconds
    }
}
