import Ingest
import WireProtocol

/// One collector connection's protocol state (PROTOCOL.md section 7), without I/O.
///
/// Every event returns the actions the connection handler must take, in order. The machine
/// decides what may be sent in which state, when to look the collector up, what goes to the
/// writer pool, what to acknowledge and when to stop reading; the handler only performs it.
struct ConnectionStateMachine {
    /// Who the peer is, from its verified certificate (design invariant 4).
    enum PeerIdentity: Hashable, Sendable {
        /// A certificate of the backend's CA naming this collector id.
        case collector(String)
        /// No client certificate: the connection may only enrol.
        case anonymous
        /// A verified certificate that names no single collector.
        case unusable(reason: String)
    }

    /// What the machine needs from the configuration.
    struct Settings: Hashable, Sendable {
        var maxUnacknowledgedBytes: Int
        var maxFramePayload: Int
        var pingIntervalMilliseconds: UInt32
        var enrolmentEnabled: Bool
    }

    /// How a HELLO's lookup of the collectors table ended.
    enum StatusLookup: Hashable, Sendable {
        case found(CollectorStore.Status)
        case unknown
        case failed(reason: String)
    }

    /// A BATCH received and not yet acknowledged, with its size as transmitted.
    struct PendingRecord: Hashable, Sendable {
        var record: IngestRecord
        var wireBytes: Int
    }

    /// An established session.
    struct Session: Hashable, Sendable {
        let collectorID: String
        /// The committed sequence WELCOME announced.
        let committedAtWelcome: UInt64
        /// The last ACK sent, 0 before the first.
        var acknowledged: UInt64 = 0
        /// The last BATCH sequence received on this connection.
        var lastReceived: UInt64?
        /// Received, not yet given to the writer pool.
        var pending: [PendingRecord] = []
        /// Given to the writer pool, not yet committed.
        var inFlight: [PendingRecord] = []
        var unacknowledgedBytes = 0
        var readingPaused = false
        /// A RENEW waits for the registrar.
        var renewing = false
    }

    enum State: Hashable, Sendable {
        /// TLS is not yet established.
        case handshaking
        /// TLS is up; the peer may say HELLO (or RENEW), or REGISTER without a certificate.
        case connected(PeerIdentity)
        /// HELLO received; the collector is being looked up.
        case awaitingStatus(collectorID: String)
        /// REGISTER (collector id nil) or RENEW before HELLO waits for the registrar.
        case awaitingEnrolment(collectorID: String?)
        case established(Session)
        /// Shutting down: waits for the transaction in flight, then acknowledges and closes.
        case draining(Session)
        case closed
    }

    enum Action: Hashable, Sendable {
        case send(Message)
        /// Sends the (fatal) error, then closes the connection.
        case fail(ErrorMessage)
        case lookUpCollector(id: String, hello: Hello)
        case register(Register)
        case renew(Renew, collectorID: String)
        case submit([IngestRecord])
        case pauseReading
        case resumeReading
        /// Closes without a word (the peer said GOODBYE).
        case close
    }

    let settings: Settings
    // Set only by the machine's own events (in this file and its extensions).
    var state = State.handshaking

    init(settings: Settings) {
        self.settings = settings
    }

    /// Whether the peer is waiting on the listener (a lookup, the registrar, a transaction or
    /// backpressure), so that its silence is not idleness.
    var isWaitingOnServer: Bool {
        switch state {
        case .awaitingStatus, .awaitingEnrolment, .draining: true
        case .established(let session): !session.inFlight.isEmpty || session.readingPaused || session.renewing
        case .handshaking, .connected, .closed: false
        }
    }

    /// BATCH bytes (as transmitted) received and not yet acknowledged.
    var unacknowledgedBytes: Int {
        switch state {
        case .established(let session), .draining(let session): session.unacknowledgedBytes
        case .handshaking, .connected, .awaitingStatus, .awaitingEnrolment, .closed: 0
        }
    }

    /// Whether the connection has ended (or is ending) as far as the protocol is concerned.
    var isClosed: Bool { state == .closed }

    /// The collector, once HELLO named one.
    var collectorID: String? {
        switch state {
        case .awaitingStatus(let id): id
        case .established(let session), .draining(let session): session.collectorID
        case .connected(.collector(let id)): id
        case .awaitingEnrolment(let id): id
        case .handshaking, .connected, .closed: nil
        }
    }

    // MARK: Events

    mutating func handshakeCompleted(_ identity: PeerIdentity) -> [Action] {
        guard state == .handshaking else { return [] }
        state = .connected(identity)
        return []
    }

    /// A fatal condition found outside the protocol (idle, superseded, too many connections).
    mutating func fail(_ code: ErrorCode, _ message: String) -> [Action] {
        guard state != .closed else { return [] }
        state = .closed
        return [.fail(ErrorMessage(code: code, fatal: true, message: message))]
    }

    /// The decoder found a frame malformed.
    mutating func malformed(_ error: WireError) -> [Action] {
        guard state != .closed else { return [] }
        state = .closed
        let code: ErrorCode = switch error.code {
        case .unknownMessageType: .unknownMessageType
        case .unsupportedVersion: .unsupportedVersion
        default: .malformedFrame
        }
        return [.fail(ErrorMessage(code: code, fatal: true, message: error.description))]
    }

    /// The listener stops: in-flight work is finished and acknowledged, then the connection ends.
    mutating func shutdown() -> [Action] {
        switch state {
        case .established(var session) where !session.inFlight.isEmpty:
            session.pending = []
            let pause = !session.readingPaused
            session.readingPaused = true
            state = .draining(session)
            return pause ? [.pauseReading] : []
        case .draining, .closed:
            return []
        default:
            return fail(.shuttingDown, "the backend is shutting down; reconnect later")
        }
    }
}

extension ConnectionStateMachine {
    /// The channel closed: nothing more is sent, whatever completes later.
    mutating func connectionClosed() {
        state = .closed
    }
}
