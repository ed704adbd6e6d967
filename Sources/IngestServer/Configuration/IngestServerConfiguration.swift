import NIOCore
import TLS
import WireProtocol

/// Where and how the ingest listener accepts collectors, and the bounds it keeps per connection.
public struct IngestServerConfiguration: Sendable {
    /// The address to bind; `0.0.0.0` for every IPv4 interface.
    public var host: String
    /// The port to bind (PROTOCOL.md section 2: 8443); 0 picks a free one (tests).
    public var port: Int
    /// The server's TLS settings. The listener requests a client certificate and verifies it
    /// against ``TLSConfiguration/trustRoots``, but lets a connection without one finish the
    /// handshake so that it may enrol (REGISTER); such a connection is refused anything else.
    /// ``TLSConfiguration/requireClientCertificate`` is therefore ignored.
    public var tls: TLSConfiguration
    /// Connections held at once; one more is answered ERROR `too_many_connections` and closed.
    public var maxConnections: Int
    /// Per connection: while more BATCH bytes (as transmitted) were received than acknowledged,
    /// the listener stops reading the socket, so TCP holds the collector back. Announced in
    /// WELCOME. A connection holds at most this plus one socket read plus one frame.
    public var maxUnacknowledgedBytes: Int
    /// The TLS handshake must complete within this; a connection being closed gets as long to
    /// send its last frames before its socket is closed regardless.
    public var handshakeTimeout: TimeAmount
    /// A connection that sends no frame for this long while the listener owes it nothing is
    /// closed with ERROR `idle_timeout`. WELCOME announces a third of it as the ping interval.
    public var idleTimeout: TimeAmount
    /// The frame limits every frame is checked against (PROTOCOL.md section 4).
    public var limits: Limits
    /// HELLO lookups and bookkeeping run on this many threads, each with its own database
    /// connection, never on an event loop.
    public var controlThreads: Int

    public init(
        tls: TLSConfiguration, host: String = "0.0.0.0", port: Int = 8443, maxConnections: Int = 2_000,
        maxUnacknowledgedBytes: Int = 8 << 20, handshakeTimeout: TimeAmount = .seconds(10),
        idleTimeout: TimeAmount = .seconds(90), limits: Limits = .default, controlThreads: Int = 2
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.maxConnections = maxConnections
        self.maxUnacknowledgedBytes = maxUnacknowledgedBytes
        self.handshakeTimeout = handshakeTimeout
        self.idleTimeout = idleTimeout
        self.limits = limits
        self.controlThreads = controlThreads
    }

    /// The ping interval WELCOME announces: a third of the idle timeout, in milliseconds.
    var pingIntervalMilliseconds: UInt32 {
        UInt32(clamping: max(1, idleTimeout.nanoseconds / 3 / 1_000_000))
    }

    /// Checks the values for sense before anything is bound.
    func validate() throws(IngestServerError) {
        guard tls.role == .server else {
            throw IngestServerError(.invalidConfiguration, "the TLS configuration is for a client; the listener needs a server one")
        }
        guard tls.trustRoots != nil, tls.certificateVerification != .none else {
            throw IngestServerError(.invalidConfiguration,
                                    "the TLS configuration must verify client certificates against the CA (trustRoots): the collector's identity is taken from them")
        }
        guard (0...65_535).contains(port) else {
            throw IngestServerError(.invalidConfiguration, "port \(port) is outside 0...65535")
        }
        guard maxConnections >= 1, maxUnacknowledgedBytes >= 1, controlThreads >= 1 else {
            throw IngestServerError(.invalidConfiguration, "maxConnections, maxUnacknowledgedBytes and controlThreads must be positive")
        }
        guard handshakeTimeout.nanoseconds > 0, idleTimeout.nanoseconds > 0 else {
            throw IngestServerError(.invalidConfiguration, "handshakeTimeout and idleTimeout must be positive")
        }
    }
}
