import Ingest
import WireProtocol

extension ConnectionStateMachine {
    /// A message from the peer; `wireBytes` is its frame's size as transmitted.
    mutating func received(_ message: Message, wireBytes: Int) -> [Action] {
        switch (state, message) {
        case (.closed, _), (.draining, _):
            // Decoded from bytes read before the connection began to end.
            return []
        case (_, .goodbye):
            state = .closed
            return [.close]

        case (.connected(let identity), .hello(let hello)):
            return receivedHello(hello, identity: identity)
        case (.connected(.anonymous), .register(let request)):
            guard settings.enrolmentEnabled else { return fail(.registrationRefused, "enrolment disabled on this backend") }
            state = .awaitingEnrolment(collectorID: nil)
            return [.register(request)]
        case (.connected(.collector(let id)), .renew(let request)):
            guard settings.enrolmentEnabled else { return fail(.registrationRefused, "enrolment disabled on this backend") }
            state = .awaitingEnrolment(collectorID: id)
            return [.renew(request, collectorID: id)]

        case (.established(var session), .batch(let sequence, let batch)):
            return receivedBatch(sequence: sequence, batch: batch, wireBytes: wireBytes, session: &session)
        case (.established, .ping(let ping)):
            return [.send(.pong(Pong(nonce: ping.nonce)))]
        case (.established, .pong):
            return []
        case (.established(var session), .renew(let request)) where !session.renewing:
            guard settings.enrolmentEnabled else { return fail(.registrationRefused, "enrolment disabled on this backend") }
            session.renewing = true
            state = .established(session)
            return [.renew(request, collectorID: session.collectorID)]

        default:
            return fail(.unexpectedMessage, "\(message.type) is not allowed \(stateDescription) (PROTOCOL.md section 7)")
        }
    }

    private mutating func receivedHello(_ hello: Hello, identity: PeerIdentity) -> [Action] {
        switch identity {
        case .anonymous:
            return fail(.authenticationFailed,
                        "client certificate required: HELLO needs a certificate issued by this backend's CA (enrol with REGISTER first)")
        case .unusable(let reason):
            return fail(.authenticationFailed, "the client certificate names no collector: \(reason)")
        case .collector(let id):
            guard hello.minVersion <= FrameHeader.currentVersion, hello.maxVersion >= FrameHeader.currentVersion else {
                return fail(.unsupportedVersion,
                            "HELLO offers protocol versions \(hello.minVersion)...\(hello.maxVersion); this backend speaks \(FrameHeader.currentVersion)")
            }
            state = .awaitingStatus(collectorID: id)
            return [.lookUpCollector(id: id, hello: hello)]
        }
    }

    /// The collectors table answered HELLO's lookup.
    mutating func statusLookedUp(_ lookup: StatusLookup) -> [Action] {
        guard case .awaitingStatus(let id) = state else { return [] }
        switch lookup {
        case .unknown:
            return fail(.collectorUnknown, "collector \(id) (the client certificate's CN) is not registered with this backend")
        case .failed(let reason):
            return fail(.storageUnavailable, "the collectors table could not be read (\(reason)); reconnect later")
        case .found(let status) where status.revoked:
            return fail(.collectorRevoked, "collector \(id) was revoked by an administrator; it must be registered again")
        case .found(let status):
            state = .established(Session(collectorID: id, committedAtWelcome: status.committedSequence))
            return [.send(.welcome(Welcome(
                committedSequence: status.committedSequence, collectorID: id,
                maxFramePayload: UInt32(clamping: settings.maxFramePayload),
                maxUnacknowledgedBytes: UInt32(clamping: settings.maxUnacknowledgedBytes),
                pingIntervalMilliseconds: settings.pingIntervalMilliseconds)))]
        }
    }

    /// The registrar answered REGISTER or RENEW.
    mutating func enrolmentAnswered(_ answer: Message) -> [Action] {
        switch (state, answer) {
        case (.awaitingEnrolment(let id), .registered):
            // After REGISTER the collector reconnects with its certificate; after RENEW it may go on.
            if let id {
                state = .connected(.collector(id))
                return [.send(answer)]
            }
            state = .closed
            return [.send(answer), .close]
        case (.established(var session), .registered) where session.renewing:
            session.renewing = false
            state = .established(session)
            return [.send(answer)]
        case (.awaitingEnrolment, .error(let error)), (.established, .error(let error)):
            if error.fatal {
                state = .closed
                return [.fail(error)]
            }
            switch state {
            case .awaitingEnrolment(let id): state = .connected(id.map(PeerIdentity.collector) ?? .anonymous)
            case .established(var session):
                session.renewing = false
                state = .established(session)
            default: break
            }
            return [.send(answer)]
        case (.awaitingEnrolment, _), (.established, _):
            return fail(.internalError, "the registrar answered with \(answer.type), not REGISTERED or ERROR")
        default:
            return []
        }
    }

    var stateDescription: String {
        switch state {
        case .handshaking: "before the TLS handshake completed"
        case .connected(.anonymous): "on a connection without a client certificate (only REGISTER or GOODBYE)"
        case .connected: "before HELLO (only HELLO, RENEW or GOODBYE)"
        case .awaitingStatus: "while HELLO is being answered"
        case .awaitingEnrolment: "while REGISTER or RENEW is being answered"
        case .established(let session) where session.renewing: "while RENEW is being answered (BATCH, PING, PONG, GOODBYE)"
        case .established: "after WELCOME (BATCH, PING, PONG, RENEW, GOODBYE)"
        case .draining: "while the backend shuts down"
        case .closed: "after the connection ended"
        }
    }
}
