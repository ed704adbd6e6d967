/// How the shipper connects, how much it keeps in flight and how it retries.
public struct ShipperConfiguration: Sendable {
    /// The backend's ingest listener.
    public var backend: BackendAddress
    /// The name the server certificate must carry (subjectAltName); by default the backend host.
    public var serverName: String?
    /// The collector's mTLS identity and the CA it trusts for the backend.
    public var credentials: CredentialPaths
    /// Whether the server certificate is checked against ``serverName`` (the chain always is).
    public var verifyServerName = true

    /// Most BATCH frames in flight unacknowledged.
    public var windowFrames = 1024
    /// Most BATCH bytes in flight unacknowledged; WELCOME's limit lowers it further.
    public var windowBytes = 8 << 20
    /// Most bytes read from the spool in one go (one thread-pool job).
    public var readChunkBytes = 1 << 20

    /// Reconnection backoff: the first ceiling and the largest, in milliseconds.
    public var backoffBaseMilliseconds = 500
    public var backoffCapMilliseconds = 60_000
    /// How long to wait after the backend refused the collector itself (revoked, unknown,
    /// authentication failed): those need an operator, so retries are slow.
    public var refusedRetryMilliseconds = 300_000

    /// TCP connect timeout and TLS handshake timeout, in milliseconds.
    public var connectTimeoutMilliseconds = 10_000
    /// How long to wait for WELCOME (or REGISTERED after RENEW), in milliseconds.
    public var helloTimeoutMilliseconds = 30_000
    /// Ping interval used until WELCOME announces the backend's, in milliseconds. The shipper
    /// pings after one interval without sending and drops a connection silent for three.
    public var pingIntervalMilliseconds = 15_000

    /// When the client certificate is renewed.
    public var renewal = RenewalPolicy()

    /// Software and host name sent in HELLO.
    public var software: String
    public var hostname: String

    public init(backend: BackendAddress, credentials: CredentialPaths, software: String, hostname: String) {
        self.backend = backend
        self.credentials = credentials
        self.software = software
        self.hostname = hostname
    }

    /// Checks the numbers; the message names the setting.
    public func validate() throws(ShipperError) {
        func check(_ ok: Bool, _ what: String) throws(ShipperError) {
            if !ok { throw ShipperError(.credentials, "shipper setting \(what)") }
        }
        try check(windowFrames >= 1, "window frames must be at least 1")
        try check(windowBytes >= 1, "window bytes must be at least 1")
        try check(readChunkBytes >= 1, "read chunk bytes must be at least 1")
        try check(backoffBaseMilliseconds >= 1 && backoffCapMilliseconds >= backoffBaseMilliseconds,
                  "backoff needs 1 <= base (\(backoffBaseMilliseconds) ms) <= cap (\(backoffCapMilliseconds) ms)")
        try check(refusedRetryMilliseconds >= 1, "refused retry must be at least 1 ms")
        try check(connectTimeoutMilliseconds >= 1 && helloTimeoutMilliseconds >= 1 && pingIntervalMilliseconds >= 1,
                  "timeouts must be at least 1 ms")
    }
}
