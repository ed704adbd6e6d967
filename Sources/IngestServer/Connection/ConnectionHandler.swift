import Ingest
import Logging
import NIOCore
import PostgresClient
import TLS
import WireProtocol

/// The last handler of a collector connection: feeds events to the `ConnectionStateMachine`
/// and performs its actions (frames out, lookups on the control connections, submissions to
/// the writer pool, reading paused and resumed). Also keeps the idle timer and tells the
/// registry when the connection has settled.
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = InboundFrame
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What every connection of a listener shares.
    struct Shared: Sendable {
        let pool: WriterPool
        let control: ControlConnections
        let registry: ConnectionRegistry
        let enrolment: EnrolmentHooks?
        let metrics: IngestMetrics
        let logger: Logger
        let idleTimeout: TimeAmount
        /// How long a connection being closed may take to send its last frames.
        let closeGrace: TimeAmount
    }

    private let shared: Shared
    private let connectionID: Int
    private let admission: ConnectionRegistry.Admission
    private var machine: ConnectionStateMachine
    private var logger: Logger
    private var context: ChannelHandlerContext?
    private var peerAddress = "unknown"
    /// The state machine holds the collector back (unacknowledged bytes past the bound).
    private var readingPaused = false
    /// The peer does not read what we send: reading more would only queue more answers.
    private var outboundFull = false
    private var readPending = false
    private var submissionsInFlight = 0
    private var inactive = false
    private var handshakeDone = false
    private var reportedUnacknowledgedBytes = 0
    private var lastActivity = NIODeadline.now()
    private var idleCheck: Scheduled<Void>?
    private var forcedClose: Scheduled<Void>?
    private var settled: EventLoopPromise<Void>?

    init(shared: Shared, connectionID: Int, admission: ConnectionRegistry.Admission, settings: ConnectionStateMachine.Settings) {
        self.shared = shared
        self.connectionID = connectionID
        self.admission = admission
        self.machine = ConnectionStateMachine(settings: settings)
        self.logger = shared.logger
        logger[metadataKey: "connection"] = "\(connectionID)"
    }

    // MARK: Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let promise = context.eventLoop.makePromise(of: Void.self)
        settled = promise
        if let address = context.channel.remoteAddress {
            peerAddress = address.ipAddress.map { "\($0):\(address.port ?? 0)" } ?? "\(address)"
        }
        logger[metadataKey: "peer"] = "\(peerAddress)"
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        shared.registry.track(connectionID, ConnectionRegistry.Member(
            shutdown: { loop.execute { bound.value.shutdown() } },
            settled: promise.futureResult,
            admitted: admission == .admitted))
        shared.metrics.connectionsTotal.increment()
        shared.metrics.connections.record(shared.registry.count)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        markInactive()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        markInactive()
        context.fireChannelInactive()
    }

    private func markInactive() {
        guard !inactive else { return }
        inactive = true
        machine.connectionClosed()
        reportUnacknowledgedBytes()
        idleCheck?.cancel()
        idleCheck = nil
        forcedClose?.cancel()
        forcedClose = nil
        settleIfDone()
    }

    private func settleIfDone() {
        guard inactive, submissionsInFlight == 0, let promise = settled else { return }
        settled = nil
        // Completing it runs the registry's bookkeeping at once, on this loop.
        promise.succeed(())
        shared.metrics.connections.record(shared.registry.count)
    }

    // MARK: Inbound

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let completed = event as? TLSHandshakeCompleted else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        let identity: ConnectionStateMachine.PeerIdentity
        if let peer = completed.peer {
            if let name = peer.commonName, !name.isEmpty {
                identity = .collector(name)
                logger[metadataKey: "collector"] = "\(name)"
            } else {
                identity = .unusable(reason: "certificate serial \(peer.serialNumberHex) has no single common name")
            }
        } else {
            identity = .anonymous
        }
        handshakeDone = true
        perform(machine.handshakeCompleted(identity))
        switch admission {
        case .admitted:
            touch()
            scheduleIdleCheck()
        case .overLimit(let limit):
            perform(machine.fail(.tooManyConnections, "this backend holds its limit of \(limit) connections; retry later"))
        case .shuttingDown:
            perform(machine.fail(.shuttingDown, "the backend is shutting down; reconnect later"))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        shared.metrics.received(frame.message.type)
        touch()
        perform(machine.received(frame.message, wireBytes: frame.wireBytes))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let error = error as? WireError {
            logger.warning("malformed frame", metadata: ["error": "\(error)"])
            perform(machine.malformed(error))
        } else if let error = error as? TLSError {
            logger.info("TLS connection failed", metadata: ["error": "\(error)"])
        } else {
            logger.warning("connection error", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    // MARK: Outbound (backpressure)

    func read(context: ChannelHandlerContext) {
        if readingPaused || outboundFull {
            readPending = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        outboundFull = !context.channel.isWritable
        resumeReadingIfAllowed(context: context)
        context.fireChannelWritabilityChanged()
    }

    private func resumeReadingIfAllowed(context: ChannelHandlerContext) {
        guard !readingPaused, !outboundFull, readPending else { return }
        readPending = false
        context.read()
    }

    // MARK: Actions

    private func perform(_ actions: [ConnectionStateMachine.Action]) {
        reportUnacknowledgedBytes()
        guard let context, !actions.isEmpty else { return }
        var wrote = false
        for action in actions {
            switch action {
            case .send(let message):
                write(message, context: context)
                wrote = true
            case .fail(let error):
                fail(error, context: context)
                return
            case .lookUpCollector(let id, let hello):
                lookUp(id, hello: hello, context: context)
            case .register(let request):
                enrol(context: context) { hooks, peer in await hooks.register(request, peer) }
            case .renew(let request, let id):
                enrol(context: context) { hooks, peer in await hooks.renew(request, id, peer) }
            case .submit(let records):
                submit(records, context: context)
            case .pauseReading:
                readingPaused = true
            case .resumeReading:
                readingPaused = false
                resumeReadingIfAllowed(context: context)
            case .close:
                if wrote { context.flush() }
                context.close(promise: nil)
                forceCloseLater(context: context)
                return
            }
        }
        if wrote { context.flush() }
    }

    /// Tells the registry how the connection's unacknowledged bytes changed.
    private func reportUnacknowledgedBytes() {
        let current = machine.unacknowledgedBytes
        guard current != reportedUnacknowledgedBytes else { return }
        shared.registry.adjustUnacknowledgedBytes(by: current - reportedUnacknowledgedBytes)
        reportedUnacknowledgedBytes = current
    }

    private func write(_ message: Message, context: ChannelHandlerContext) {
        guard !inactive else { return }
        let bytes = message.frame().bytes
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.write(wrapOutboundOut(buffer), promise: nil)
        shared.metrics.sent(message.type)
        touch()
    }

    /// Sends a fatal ERROR, then closes once it is written.
    private func fail(_ error: ErrorMessage, context: ChannelHandlerContext) {
        guard !inactive else {
            // Found at end of stream (a frame cut short): there is no one left to tell.
            logger.info("the connection ended with an error", metadata: ["code": "\(error.code.name)", "message": "\(error.message)"])
            return
        }
        guard handshakeDone else {
            // No frame can be sent before TLS is up (a shutdown during the handshake).
            context.close(promise: nil)
            return
        }
        shared.metrics.error(error.code)
        logger.notice("closing the connection with an error", metadata: ["code": "\(error.code.name)", "message": "\(error.message)"])
        let written = context.eventLoop.makePromise(of: Void.self)
        let bytes = Message.error(error).frame().bytes
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: written)
        shared.metrics.sent(.error)
        written.futureResult.assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
        forceCloseLater(context: context)
    }

    /// A peer that stops reading would keep a closing connection (its ERROR or close_notify
    /// never written) for ever: past `closeGrace`, the socket is closed under TLS.
    private func forceCloseLater(context: ChannelHandlerContext) {
        guard forcedClose == nil else { return }
        let bound = loopBound(context)
        forcedClose = context.eventLoop.scheduleTask(in: shared.closeGrace) {
            guard let context = bound.value.context, !bound.value.inactive else { return }
            context.triggerUserOutboundEvent(SocketCloser.closeNow, promise: nil)
        }
    }

    private func loopBound(_ context: ChannelHandlerContext) -> NIOLoopBound<ConnectionHandler> {
        NIOLoopBound(self, eventLoop: context.eventLoop)
    }

    private func lookUp(_ id: String, hello: Hello, context: ChannelHandlerContext) {
        guard let settled else { return }
        let bound = loopBound(context)
        let loop = context.eventLoop
        let predecessors = shared.registry.claim(collectorID: id, connectionID: connectionID, settled: settled.futureResult) {
            loop.execute { bound.value.superseded() }
        }
        let control = shared.control
        predecessors.flatMap { () -> EventLoopFuture<CollectorStore.Status?> in
            control.run(on: loop) { (connection) throws(PostgresError) -> CollectorStore.Status? in
                let store = CollectorStore()
                guard let status = try store.status(of: id, on: connection) else { return nil }
                if !status.revoked {
                    try store.recordHello(of: id, droppedRecords: hello.droppedRecords, droppedSamples: hello.droppedSamples,
                                          software: hello.software, firstUnacknowledged: hello.firstUnacknowledged,
                                          lastWritten: hello.lastWritten, on: connection)
                }
                return status
            }
        }.whenComplete { result in
            let lookup: ConnectionStateMachine.StatusLookup = switch result {
            case .success(let status?): .found(status)
            case .success(nil): .unknown
            case .failure(let error): .failed(reason: "\(error)")
            }
            bound.value.perform(bound.value.machine.statusLookedUp(lookup))
        }
    }

    private func enrol(context: ChannelHandlerContext, _ call: @escaping @Sendable (EnrolmentHooks, String) async -> Message) {
        guard let hooks = shared.enrolment else { return }
        let bound = loopBound(context)
        let loop = context.eventLoop
        let peer = peerAddress
        Task {
            let answer = await call(hooks, peer)
            loop.execute { bound.value.perform(bound.value.machine.enrolmentAnswered(answer)) }
        }
    }

    private func submit(_ records: [IngestRecord], context: ChannelHandlerContext) {
        submissionsInFlight += 1
        let bound = loopBound(context)
        let loop = context.eventLoop
        shared.pool.submit(records) { result in
            loop.execute { bound.value.submitted(records, result) }
        }
    }

    private func submitted(_ records: [IngestRecord], _ result: Result<WriteResult, IngestError>) {
        submissionsInFlight -= 1
        if case .success(let written) = result {
            for (record, outcome) in zip(records, written.outcomes) {
                if case .stored(let rows) = outcome.status {
                    shared.metrics.stored(family: outcome.family, rows: rows, bytes: record.batch.payloadByteCount)
                }
            }
            for gap in written.gaps {
                shared.metrics.lostRecords.increment(by: Int(clamping: gap.count))
                logger.warning("the collector skipped sequences (its spool dropped them); counted as lost",
                               metadata: ["gap": "\(gap)", "lost": "\(gap.count)"])
            }
        } else if case .failure(let error) = result {
            logger.error("a write failed for good", metadata: ["error": "\(error)"])
        }
        perform(machine.submitted(result))
        settleIfDone()
    }

    private func superseded() {
        let id = machine.collectorID ?? "?"
        perform(machine.fail(.superseded, "a newer connection of collector \(id) took over"))
    }

    private func shutdown() {
        perform(machine.shutdown())
    }

    // MARK: Idle timeout

    private func touch() {
        lastActivity = .now()
    }

    private func scheduleIdleCheck() {
        guard let context, !inactive else { return }
        let bound = loopBound(context)
        idleCheck = context.eventLoop.scheduleTask(deadline: lastActivity + shared.idleTimeout) {
            bound.value.idleCheckFired()
        }
    }

    private func idleCheckFired() {
        idleCheck = nil
        guard !inactive, !machine.isClosed else { return }
        if machine.isWaitingOnServer || submissionsInFlight > 0 {
            touch()
        } else if NIODeadline.now() >= lastActivity + shared.idleTimeout {
            let milliseconds = shared.idleTimeout.nanoseconds / 1_000_000
            perform(machine.fail(.idleTimeout, "no frame for \(milliseconds) ms (3 ping intervals)"))
            return
        }
        scheduleIdleCheck()
    }
}

@available(*, unavailable)
extension ConnectionHandler: Sendable {}
