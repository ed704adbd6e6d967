/// Where the HTTP API listens and the limits it enforces on every connection.
public struct HTTPServerConfiguration: Sendable {
    /// The address to bind; `0.0.0.0` for every IPv4 interface.
    public var host: String
    /// The TCP port; 0 picks a free one (tests).
    public var port: Int
    /// Request bodies larger than this are refused with 413 (the API takes no large input).
    public var maximumBodyBytes: Int
    /// Request targets (path and query) longer than this are refused with 414.
    public var maximumURIBytes: Int
    /// Connections beyond this many are closed as soon as they are accepted.
    public var maximumConnections: Int
    /// A keep-alive connection with no request for this long is closed.
    public var idleTimeoutSeconds: Int64

    public init(host: String = "0.0.0.0", port: Int = 8080, maximumBodyBytes: Int = 64 * 1024, maximumURIBytes: Int = 4096,
                maximumConnections: Int = 256, idleTimeoutSeconds: Int64 = 60) {
        precondition(maximumBodyBytes >= 0 && maximumURIBytes > 0 && maximumConnections > 0 && idleTimeoutSeconds > 0,
                     "HTTP limits must be positive")
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumURIBytes = maximumURIBytes
        self.maximumConnections = maximumConnections
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }
}
