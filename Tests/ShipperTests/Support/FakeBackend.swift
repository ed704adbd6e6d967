import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TLS
import WireProtocol

/// A backend built from the TLS module and the wire codec, speaking PROTOCOL.md section 7 over
/// real TLS sockets: WELCOME with the committed sequence it keeps, exactly-once storage of BATCH
/// frames (replays acknowledged, not stored again), ACK after each, RENEW and REGISTER signed
/// with the test CA. `Behaviour` makes it refuse, drop connections or reject families.
final class FakeBackend: Sendable {
    struct Behaviour: Sendable {
        /// Answer HELLO with this fatal ERROR instead of WELCOME.
        var refuseHello: ErrorCode?
        /// Close the socket (no close_notify, no ACK) after storing this many BATCH frames, once.
        var dropAfterBatches: Int?
        /// Answer BATCH frames of this family with a non-fatal unknown_family (still acknowledged).
        var unknownFamily: String?
        /// WELCOME's max unacknowledged bytes.
        var maxUnacknowledgedBytes: UInt32 = 16 << 20
        /// WELCOME's ping interval.
        var pingIntervalMilliseconds: UInt32 = 5_000
        /// The registration secret; REGISTER with another one gets authentication_failed.
        var secret = "s3cret"
        /// Answer REGISTER with rate_limited.
        var rateLimited = false
        /// Validity of certificates issued on RENEW and REGISTER.
        var issuedValidity = CertificateValidity.days(90)
        /// Hold ACKs this long, acknowledging everything received meanwhile in one ACK.
        var ackDelayMilliseconds: Int64?
        /// After WELCOME, answer nothing at all (no ACK, no PONG): a hung backend.
        var silentAfterWelcome = false
        /// Send a PING right after WELCOME.
        var pingAfterWelcome = false
        /// Answer each BATCH also with a non-fatal storage_unavailable.
        var storageUnavailable = false
    }

    struct State: Sendable {
        var behaviour: Behaviour
        /// Highest stored sequence, as a database would keep it.
        var committed: UInt64 = 0
        /// Stored frames, byte for byte, by sequence.
        var stored: [UInt64: [UInt8]] = [:]
        /// Times a sequence was stored (must stay 1).
        var storeCount: [UInt64: Int] = [:]
        var hellos: [Hello] = []
        var welcomes = 0
        var batchesReceived = 0
        var dropped = false
        /// Serial numbers of the client certificates that completed a handshake.
        var clientSerials: [String] = []
        /// Every REGISTER frame exactly as received after decryption.
        var registerFrames: [[UInt8]] = []
        var registers: [Register] = []
        var renewals = 0
        var pongs = 0
        var pingsReceived = 0
        var goodbyes = 0
        /// The most BATCH frames and bytes received and not yet acknowledged on one connection.
        var maxUnackedFrames = 0
        var maxUnackedBytes = 0
    }

    let state: NIOLockedValueBox<State>
    let ca: CertificateAuthority
    private let channel: any Channel

    var port: Int { channel.localAddress!.port! }

    private init(state: NIOLockedValueBox<State>, ca: CertificateAuthority, channel: any Channel) {
        self.state = state
        self.ca = ca
        self.channel = channel
    }

    static func start(
        pki: TestPKI, behaviour: Behaviour = Behaviour(), requireClientCertificate: Bool = true, port: Int = 0,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> FakeBackend {
        let context = try TLSContext(configuration: pki.serverConfiguration(requireClientCertificate: requireClientCertificate))
        let state = NIOLockedValueBox(State(behaviour: behaviour))
        let ca = pki.ca
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        OpenSSLHandler(context: context), FakeBackendHandler(state: state, ca: ca))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return FakeBackend(state: state, ca: ca, channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }

    var snapshot: State { state.withLockedValue { $0 } }
}

/// One connection of the ``FakeBackend``.
final class FakeBackendHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let state: NIOLockedValueBox<FakeBackend.State>
    private let ca: CertificateAuthority
    private var decoder = FrameDecoder()
    private var peer: PeerCertificateInfo?
    private var welcomed = false
    private var unackedFrames = 0
    private var unackedBytes = 0
    private var ackScheduled = false

    init(state: NIOLockedValueBox<FakeBackend.State>, ca: CertificateAuthority) {
        self.state = state
        self.ca = ca
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted {
            peer = completed.peer
            if let serial = completed.peer?.serialNumberHex {
                state.withLockedValue { $0.clientSerials.append(serial) }
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        decoder.append(Array(buffer.readableBytesView))
        do {
            while let frame = try decoder.next() {
                // Frames are kept exactly as received: the header is the checked one, the
                // payload the bytes that arrived.
                let bytes = frame.bytes
                let message = try Message.decode(frame)
                if case .register = message {
                    state.withLockedValue { $0.registerFrames.append(bytes) }
                }
                if !handle(message, bytes: bytes, context: context) { return }
            }
        } catch {
            send(.error(ErrorMessage(malformedFrame: error)), context: context)
            context.close(promise: nil)
        }
    }

    /// Returns false when the connection was closed.
    private func handle(_ message: Message, bytes: [UInt8], context: ChannelHandlerContext) -> Bool {
        let behaviour = state.withLockedValue { $0.behaviour }
        switch message {
        case .hello(let hello):
            state.withLockedValue { $0.hellos.append(hello) }
            if let code = behaviour.refuseHello {
                send(.error(ErrorMessage(code: code, fatal: true, message: "test backend refuses \(peer?.commonName ?? "?")")), context: context)
                context.close(promise: nil)
                return false
            }
            let committed = state.withLockedValue { state -> UInt64 in
                state.welcomes += 1
                return state.committed
            }
            welcomed = true
            send(.welcome(Welcome(
                committedSequence: committed, collectorID: peer?.commonName ?? "unknown", maxFramePayload: 8 << 20,
                maxUnacknowledgedBytes: behaviour.maxUnacknowledgedBytes, pingIntervalMilliseconds: behaviour.pingIntervalMilliseconds)),
                context: context)
            if behaviour.pingAfterWelcome { send(.ping(Ping(nonce: 77)), context: context) }
        case .batch(let sequence, let batch):
            guard welcomed else { return unexpected(message, context: context) }
            if behaviour.silentAfterWelcome { return true }
            unackedFrames += 1
            unackedBytes += bytes.count
            let (frames, sizes) = (unackedFrames, unackedBytes)
            state.withLockedValue {
                $0.maxUnackedFrames = max($0.maxUnackedFrames, frames)
                $0.maxUnackedBytes = max($0.maxUnackedBytes, sizes)
            }
            let (drop, committed) = state.withLockedValue { state -> (Bool, UInt64) in
                state.batchesReceived += 1
                if sequence > state.committed {
                    state.stored[sequence] = bytes
                    state.storeCount[sequence, default: 0] += 1
                    state.committed = sequence
                }
                if let limit = state.behaviour.dropAfterBatches, !state.dropped, state.batchesReceived >= limit {
                    state.dropped = true
                    return (true, state.committed)
                }
                return (false, state.committed)
            }
            if drop {
                // A crash: no ACK, no close_notify.
                context.channel.close(promise: nil)
                return false
            }
            if let family = behaviour.unknownFamily, batch.family == family {
                send(.error(ErrorMessage(code: .unknownFamily, fatal: false, sequence: sequence, message: "no table for \(family)")), context: context)
            }
            if behaviour.storageUnavailable {
                send(.error(ErrorMessage(code: .storageUnavailable, fatal: false, message: "database restarting")), context: context)
            }
            if let delay = behaviour.ackDelayMilliseconds {
                guard !ackScheduled else { return true }
                ackScheduled = true
                let state = self.state
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(delay)) {
                    self.ackScheduled = false
                    self.unackedFrames = 0
                    self.unackedBytes = 0
                    self.send(.ack(Ack(committedThrough: state.withLockedValue { $0.committed })), context: context)
                }
            } else {
                unackedFrames = 0
                unackedBytes = 0
                send(.ack(Ack(committedThrough: committed)), context: context)
            }
        case .ping(let ping):
            state.withLockedValue { $0.pingsReceived += 1 }
            if behaviour.silentAfterWelcome && welcomed { return true }
            send(.pong(Pong(nonce: ping.nonce)), context: context)
        case .pong:
            state.withLockedValue { $0.pongs += 1 }
        case .renew(let renew):
            guard let id = peer?.commonName, !welcomed else { return unexpected(message, context: context) }
            do {
                let issued = try ca.signClientCertificate(
                    request: CertificateSigningRequest(der: renew.csr), collectorID: id, validity: behaviour.issuedValidity)
                state.withLockedValue { $0.renewals += 1 }
                send(.registered(Registered(collectorID: id, certificates: [issued.der], caCertificate: try ca.certificate.derBytes())), context: context)
            } catch {
                send(.error(ErrorMessage(code: .registrationRefused, message: "\(error)")), context: context)
                context.close(promise: nil)
                return false
            }
        case .register(let register):
            state.withLockedValue { $0.registers.append(register) }
            if behaviour.rateLimited {
                send(.error(ErrorMessage(code: .rateLimited, message: "too many attempts from 127.0.0.1")), context: context)
                context.close(promise: nil)
                return false
            }
            guard register.secret == behaviour.secret else {
                send(.error(ErrorMessage(code: .authenticationFailed, message: "bad registration secret")), context: context)
                context.close(promise: nil)
                return false
            }
            do {
                let id = "col-\(register.hostname)-\(UInt16.random(in: 0...UInt16.max))"
                let issued = try ca.signClientCertificate(
                    request: CertificateSigningRequest(der: register.csr), collectorID: id, validity: behaviour.issuedValidity)
                send(.registered(Registered(collectorID: id, certificates: [issued.der], caCertificate: try ca.certificate.derBytes())), context: context)
            } catch {
                send(.error(ErrorMessage(code: .registrationRefused, message: "\(error)")), context: context)
            }
        case .goodbye:
            state.withLockedValue { $0.goodbyes += 1 }
            context.close(promise: nil)
            return false
        default:
            return unexpected(message, context: context)
        }
        return true
    }

    private func unexpected(_ message: Message, context: ChannelHandlerContext) -> Bool {
        send(.error(ErrorMessage(code: .unexpectedMessage, message: "\(message.type) not expected")), context: context)
        context.close(promise: nil)
        return false
    }

    private func send(_ message: Message, context: ChannelHandlerContext) {
        let bytes = message.frame(compress: false).bytes
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }
}
