/// What the shipper is doing, for logs, `--validate` and metrics.
public struct ShipperStatus: Hashable, Sendable {
    /// Whether a session is established (WELCOME received) right now.
    public var connected = false
    /// The backend address.
    public var backend: String
    /// The identity the backend took from the certificate (WELCOME), once known.
    public var collectorID: String?
    /// The highest sequence the backend reported committed (WELCOME or ACK).
    public var committedSequence: UInt64 = 0
    /// Records in the spool not yet acknowledged.
    public var backlogRecords: UInt64 = 0
    /// Bytes the spool occupies on disk (segments and indexes), acknowledged records excluded
    /// once their segment is deleted.
    public var backlogBytes: Int64 = 0
    /// BATCH frames and bytes sent on this connection and not yet acknowledged.
    public var inFlightFrames = 0
    public var inFlightBytes = 0
    /// Sessions that reached WELCOME since the shipper started.
    public var sessions = 0
    /// Records sent since the shipper started (a replay after a reconnect counts again).
    public var recordsSent: UInt64 = 0
    /// The last failure, as logged; nil after a session was established.
    public var lastError: String?
    /// When the client certificate expires, Unix seconds.
    public var certificateNotAfter: Int64?

    public init(backend: String) {
        self.backend = backend
    }
}
