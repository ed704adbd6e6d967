#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Spool
import TLS
import WireProtocol

/// One connection's exchange with the backend (PROTOCOL.md section 7): HELLO, WELCOME, BATCH
/// frames pipelined within the window, ACKs that advance the spool cursor, PING/PONG, GOODBYE;
/// or RENEW and REGISTERED when the certificate is due.
///
/// A single task owns the state; the inbound messages, the spool's "new records" signal and a
/// clock are merged into one event stream. Spool reads and cursor writes run on the thread pool.
final class ShippingSession {
    enum Phase {
        case awaitingWelcome
        case awaitingRenewal(PrivateKey)
        case established
    }

    private let configuration: ShipperConfiguration
    private let spool: Spool
    private let threadPool: NIOThreadPool
    private let logger: Logger
    private let status: NIOLockedValueBox<ShipperStatus>
    private let notices: NoticeLog
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let events: AsyncStream<SessionEvent>
    private let continuation: AsyncStream<SessionEvent>.Continuation

    private var phase: Phase = .awaitingWelcome
    private var phaseStarted = Clock.now
    private var lastReceived = Clock.now
    private var lastSent = Clock.now
    private var pingIntervalMilliseconds: Int
    /// Yields the clock event at a fraction of the ping interval, so pings and silence are
    /// noticed on time; restarted when WELCOME announces the backend's interval.
    private var ticker: Task<Void, Never>?
    private var nextPingNonce: UInt64 = 1
    private var window: ShippingWindow
    private var feed: SpoolFeed?
    /// Records read from the spool that did not fit the window yet.
    private var pending: [SpoolRecord] = []
    private var pendingHead = 0
    private var waiter: Task<Void, Never>?
    private var committed: UInt64 = 0
    private var highestSent: UInt64 = 0
    private var caughtUp = CatchUp()

    init(
        configuration: ShipperConfiguration, spool: Spool, threadPool: NIOThreadPool, logger: Logger,
        status: NIOLockedValueBox<ShipperStatus>, notices: NoticeLog, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.configuration = configuration
        self.spool = spool
        self.threadPool = threadPool
        self.logger = logger
        self.status = status
        self.notices = notices
        self.outbound = outbound
        self.pingIntervalMilliseconds = configuration.pingIntervalMilliseconds
        self.window = ShippingWindow(maxFrames: configuration.windowFrames, maxBytes: configuration.windowBytes)
        (events, continuation) = AsyncStream.makeStream(of: SessionEvent.self)
    }

    /// Runs the session on an open channel until it ends; sends RENEW first when `renewalKey` is given.
    static func run(
        channel: BackendConnection.Channel, renewalKey: PrivateKey?, configuration: ShipperConfiguration, spool: Spool,
        threadPool: NIOThreadPool, logger: Logger, status: NIOLockedValueBox<ShipperStatus>, notices: NoticeLog
    ) async -> SessionOutcome {
        let address = configuration.backend
        do {
            return try await channel.executeThenClose { inbound, outbound in
                let session = ShippingSession(
                    configuration: configuration, spool: spool, threadPool: threadPool, logger: logger, status: status,
                    notices: notices, outbound: outbound)
                return await session.run(inbound: inbound, channel: channel.channel, renewalKey: renewalKey)
            }
        } catch {
            return .closed(BackendConnection.describe(error, address: address), welcomed: false, slow: false)
        }
    }

    private func run(inbound: NIOAsyncChannelInboundStream<Message>, channel: any Channel, renewalKey: PrivateKey?) async -> SessionOutcome {
        let continuation = self.continuation
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await message in inbound { continuation.yield(.message(message)) }
                    continuation.yield(.closed(nil))
                } catch {
                    continuation.yield(.closed(error))
                }
            }
            restartTicker()
            let outcome = await drive(channel: channel, renewalKey: renewalKey)
            if case .stopped = outcome {
                // The writer refuses writes from a cancelled task, so GOODBYE goes to the
                // channel itself, ahead of close_notify.
                let goodbye = Message.goodbye(Goodbye(message: "the collector is stopping")).buffer()
                try? await channel.writeAndFlush(goodbye).get()
            }
            waiter?.cancel()
            ticker?.cancel()
            continuation.finish()
            channel.close(promise: nil)
            group.cancelAll()
            status.withLockedValue {
                $0.connected = false
                $0.inFlightFrames = 0
                $0.inFlightBytes = 0
            }
            return outcome
        }
    }

    private func drive(channel: any Channel, renewalKey: PrivateKey?) async -> SessionOutcome {
        do {
            if let renewalKey {
                try await startRenewal(key: renewalKey)
            } else {
                try await send(.hello(hello()))
                phase = .awaitingWelcome
                phaseStarted = Clock.now
            }
            for await event in events {
                if let outcome = try await handle(event) { return outcome }
                if case .established = phase { try await fill() }
            }
            // The stream ends only when the task is cancelled: the shipper is stopping.
            return .stopped
        } catch {
            if Task.isCancelled { return .stopped }
            if let end = error as? SessionEnd { return end.outcome }
            let reason = await closingReason() ?? error
            return .closed(BackendConnection.describe(reason, address: configuration.backend), welcomed: isEstablished, slow: false)
        }
    }

    /// After a write failed on a closed channel: the error that closed it (a failed TLS
    /// handshake, a reset), which the inbound side reports, says more. Waits a few ticks for it.
    private func closingReason() async -> (any Error)? {
        var ticks = 0
        for await event in events {
            switch event {
            case .closed(let error): return error
            case .tick:
                ticks += 1
                if ticks >= 3 { return nil }
            case .message, .spoolReady: continue
            }
        }
        return nil
    }

    private func restartTicker() {
        ticker?.cancel()
        let milliseconds = max(10, min(1000, pingIntervalMilliseconds / 4))
        let continuation = self.continuation
        ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(milliseconds))
                continuation.yield(.tick)
            }
        }
    }

    // MARK: Events

    private func handle(_ event: SessionEvent) async throws -> SessionOutcome? {
        switch event {
        case .tick:
            return try await checkClock()
        case .spoolReady:
            waiter = nil
            return nil
        case .closed(let error):
            if Task.isCancelled { return .stopped }
            let reason = error.map { BackendConnection.describe($0, address: configuration.backend) }
                ?? ShipperError(.connectionLost, "the backend at \(configuration.backend) closed the connection")
            return .closed(reason, welcomed: isEstablished, slow: false)
        case .message(let message):
            lastReceived = Clock.now
            return try await handle(message)
        }
    }

    private var isEstablished: Bool {
        if case .established = phase { return true }
        return false
    }

    private func handle(_ message: Message) async throws -> SessionOutcome? {
        switch (message, phase) {
        case (.welcome(let welcome), .awaitingWelcome):
            try await welcomed(welcome)
            return nil
        case (.ack(let ack), .established):
            try await acknowledged(ack.committedThrough)
            return nil
        case (.error(let error), _):
            return try errorReceived(error)
        case (.ping(let ping), _):
            try await send(.pong(Pong(nonce: ping.nonce)))
            return nil
        case (.pong, _):
            return nil
        case (.goodbye(let goodbye), _):
            let reason = goodbye.reason.map { "\($0.name): " } ?? ""
            return .closed(
                ShipperError(.connectionLost, "the backend at \(configuration.backend) said goodbye: \(reason)\(goodbye.message)",
                             backendCode: goodbye.reason?.rawValue),
                welcomed: isEstablished, slow: false)
        case (.registered(let registered), .awaitingRenewal(let key)):
            return try renewed(registered, key: key)
        default:
            let error = ShipperError(
                .protocolViolation, "the backend at \(configuration.backend) sent \(message.type) while the session was \(phaseName)")
            try? await send(.error(ErrorMessage(code: .unexpectedMessage, message: error.message)))
            if case .awaitingRenewal = phase { return .renewalFailed(error) }
            return .closed(error, welcomed: isEstablished, slow: false)
        }
    }

    private var phaseName: String {
        switch phase {
        case .awaitingWelcome: "waiting for WELCOME"
        case .awaitingRenewal: "waiting for REGISTERED after RENEW"
        case .established: "established"
        }
    }

    private func checkClock() async throws -> SessionOutcome? {
        let now = Clock.now
        switch phase {
        case .awaitingWelcome, .awaitingRenewal:
            if Clock.milliseconds(from: phaseStarted, to: now) >= configuration.helloTimeoutMilliseconds {
                let error = ShipperError(
                    .connectionLost,
                    "the backend at \(configuration.backend) did not answer within \(configuration.helloTimeoutMilliseconds) ms (\(phaseName))")
                if case .awaitingRenewal = phase { return .renewalFailed(error) }
                return .closed(error, welcomed: false, slow: false)
            }
        case .established:
            if Clock.milliseconds(from: lastReceived, to: now) >= 3 * pingIntervalMilliseconds {
                return .closed(
                    ShipperError(.connectionLost, "the backend at \(configuration.backend) sent nothing for \(3 * pingIntervalMilliseconds) ms"),
                    welcomed: true, slow: false)
            }
            if Clock.milliseconds(from: lastSent, to: now) >= pingIntervalMilliseconds {
                try await send(.ping(Ping(nonce: nextPingNonce)))
                nextPingNonce += 1
            }
        }
        return nil
    }

    // MARK: Session start

    private func hello() -> Hello {
        let stats = spool.stats
        return Hello(
            firstUnacknowledged: stats.firstUnacknowledged, lastWritten: stats.lastSequence,
            droppedRecords: stats.droppedRecords, droppedSamples: stats.droppedSamples,
            software: configuration.software, hostname: configuration.hostname)
    }

    private func welcomed(_ welcome: Welcome) async throws {
        guard welcome.version == FrameHeader.currentVersion else {
            throw SessionEnd(.closed(
                ShipperError(.protocolViolation, "the backend at \(configuration.backend) chose protocol version \(welcome.version); this collector speaks 1"),
                welcomed: false, slow: false))
        }
        committed = welcome.committedSequence
        if welcome.pingIntervalMilliseconds > 0 {
            pingIntervalMilliseconds = Int(welcome.pingIntervalMilliseconds)
            restartTicker()
        }
        window.limitBytes(to: Int(welcome.maxUnacknowledgedBytes))
        let stats = spool.stats
        let spool = self.spool
        let committed = self.committed
        if committed > stats.lastSequence {
            // The spool was deleted or restored from a backup while the collector kept its
            // identity: new records must continue after what the backend holds.
            let skipped = try await threadPool.runIfActive { try spool.skipSequences(through: committed) }
            logger.error("the backend has committed sequence \(committed) but this spool had written only up to \(stats.lastSequence) (the spool was recreated or restored from a backup); new records continue at \(committed + 1)", metadata: [
                "records_not_shipped": "\(skipped)",
            ])
        }
        // Records the backend already committed are acknowledged here without sending them.
        try await threadPool.runIfActive { try spool.acknowledge(through: committed) }
        let start = max(committed, spool.cursor.acknowledged) + 1
        feed = SpoolFeed(spool: spool, from: start, threadPool: threadPool)
        phase = .established
        lastSent = Clock.now
        let backlog = spool.stats.lastSequence >= start ? spool.stats.lastSequence - start + 1 : 0
        caughtUp.start(backlog: backlog)
        status.withLockedValue {
            $0.connected = true
            $0.collectorID = welcome.collectorID
            $0.committedSequence = committed
            $0.sessions += 1
            $0.lastError = nil
        }
        notices.connected(logger: logger, metadata: [
            "backend": "\(configuration.backend)", "collector_id": "\(welcome.collectorID)",
            "committed_sequence": "\(committed)", "backlog_records": "\(backlog)",
        ])
    }

    // MARK: Shipping

    /// Sends spool records while the window has room; arms the spool waiter when there are none.
    private func fill() async throws {
        guard let feed else { return }
        var batch: [ByteBuffer] = []
        while true {
            if pendingHead < pending.count {
                let record = pending[pendingHead]
                guard window.canSend(bytes: record.bytes.count) else { break }
                pendingHead += 1
                window.sent(sequence: record.sequence, bytes: record.bytes)
                highestSent = record.sequence
                var buffer = ByteBufferAllocator().buffer(capacity: record.bytes.count)
                buffer.writeBytes(record.bytes)
                batch.append(buffer)
                continue
            }
            pending.removeAll(keepingCapacity: true)
            pendingHead = 0
            // Read again once half the window is free, not after every ACK: fewer, larger reads.
            let halfFree = window.roomFrames * 2 >= window.maxFrames && window.roomBytes * 2 >= window.maxBytes
            guard window.isEmpty || (halfFree && batch.isEmpty) else { break }
            let chunk = try await read(feed)
            if chunk.records.isEmpty {
                if !batch.isEmpty { break }
                armWaiter(after: chunk.nextSequence)
                if window.isEmpty, let drained = caughtUp.drained() {
                    logger.info("backlog shipped", metadata: [
                        "records": "\(drained.records)", "seconds": "\(drained.seconds)",
                        "records_per_second": "\(drained.rate)",
                    ])
                }
                break
            }
            pending = chunk.records
        }
        guard !batch.isEmpty else { return }
        lastSent = Clock.now
        let count = batch.count
        let bytes = window.bytesInFlight
        let frames = window.framesInFlight
        status.withLockedValue {
            $0.recordsSent += UInt64(count)
            $0.inFlightFrames = frames
            $0.inFlightBytes = bytes
        }
        try await outbound.write(contentsOf: batch)
    }

    private func read(_ feed: SpoolFeed) async throws -> SpoolFeed.Chunk {
        let chunk: SpoolFeed.Chunk
        do {
            chunk = try await feed.read(
                maxBytes: min(configuration.readChunkBytes, max(1, window.roomBytes)), maxFrames: window.roomFrames)
        } catch {
            throw SessionEnd(.closed(ShipperError(.spool, "reading the spool failed: \(error)"), welcomed: true, slow: false))
        }
        for problem in chunk.problems {
            // The backend accepts the forward gap and counts it as lost.
            logger.warning("spool records skipped", metadata: ["problem": "\(problem)"])
        }
        return chunk
    }

    private func armWaiter(after nextSequence: UInt64) {
        guard waiter == nil else { return }
        let target = max(nextSequence, spool.stats.durableSequence + 1)
        let spool = self.spool
        let continuation = self.continuation
        waiter = Task {
            do {
                try await spool.waitDurable(target)
                continuation.yield(.spoolReady)
            } catch {
                // Closed (a reload reopened it) or cancelled: the session ends either way.
                if !Task.isCancelled { continuation.yield(.closed(ShipperError(.spool, "the spool closed: \(error)"))) }
            }
        }
    }

    private func acknowledged(_ through: UInt64) async throws {
        guard through <= max(highestSent, committed) else {
            throw SessionEnd(.closed(
                ShipperError(.protocolViolation, "the backend at \(configuration.backend) acknowledged sequence \(through), beyond the last one sent (\(highestSent))"),
                welcomed: true, slow: false))
        }
        window.acknowledge(through: through)
        guard through > committed else { return }
        committed = through
        let frames = window.framesInFlight
        let bytes = window.bytesInFlight
        status.withLockedValue {
            $0.committedSequence = through
            $0.inFlightFrames = frames
            $0.inFlightBytes = bytes
        }
        guard let feed else { return }
        if let failure = feed.acknowledgementFailure {
            throw SessionEnd(.closed(ShipperError(.spool, "recording an ACK in the spool failed: \(failure)"), welcomed: true, slow: false))
        }
        feed.persistAcknowledgement(through: through)
    }

    private func errorReceived(_ error: ErrorMessage) throws -> SessionOutcome? {
        let code = error.code.effective
        if !error.fatal {
            switch code {
            case .unknownFamily, .batchRejected:
                let family = window.entry(sequence: error.sequence).flatMap { Self.family(of: $0.bytes) } ?? "unknown family"
                notices.warnOnce(
                    "\(code.name) \(family)", "the backend did not store \(family) (\(code.name)): \(error.message)",
                    logger: logger, metadata: ["sequence": "\(error.sequence)"])
            case .storageUnavailable:
                notices.warn("storage_unavailable", "the backend's database is unavailable; it retries and ACKs later: \(error.message)", logger: logger)
            default:
                logger.warning("backend error", metadata: ["code": "\(error.code)", "message": "\(error.message)"])
            }
            return nil
        }
        let failure = ShipperError(.refused, error.message, backendCode: error.code.rawValue)
        if case .awaitingRenewal = phase { return .renewalFailed(failure) }
        let slow = [ErrorCode.authenticationFailed, .collectorUnknown, .collectorRevoked].contains(code)
        return .closed(failure, welcomed: isEstablished, slow: slow)
    }

    /// The family name of a BATCH frame, for messages about it.
    static func family(of frameBytes: [UInt8]) -> String? {
        guard let frame = try? Frame.parse(frameBytes), case .batch(_, let batch)? = try? Message.decode(frame) else { return nil }
        return batch.family
    }

    // MARK: Renewal

    private func startRenewal(key: PrivateKey) async throws {
        let current = try? Certificate.chain(pemFile: configuration.credentials.certificate).first
        let name = current?.subjectCommonName ?? configuration.hostname
        let request: [UInt8]
        do {
            request = try CertificateSigningRequest(commonName: name, key: key).derBytes()
        } catch {
            throw SessionEnd(.renewalFailed(ShipperError(.credentials, "cannot make a certificate signing request: \(error)")))
        }
        phase = .awaitingRenewal(key)
        phaseStarted = Clock.now
        try await send(.renew(Renew(csr: request)))
    }

    private func renewed(_ registered: Registered, key: PrivateKey) throws -> SessionOutcome {
        do {
            let chain = try registered.certificates.map { try Certificate(der: $0) }
            guard let leaf = chain.first, leaf.matches(key) else {
                return .renewalFailed(ShipperError(.protocolViolation, "the renewed certificate does not match the key this collector generated"))
            }
            try CredentialStore.replace(key: key, chain: chain, paths: configuration.credentials)
            logger.info("certificate renewed", metadata: [
                "collector_id": "\(registered.collectorID)", "serial": "\(leaf.serialNumberHex)", "not_after": "\(leaf.notAfter)",
            ])
            status.withLockedValue { $0.certificateNotAfter = leaf.notAfter }
            return .renewed
        } catch let error as ShipperError {
            return .renewalFailed(error)
        } catch {
            return .renewalFailed(ShipperError(.protocolViolation, "REGISTERED after RENEW holds an unusable certificate: \(error)"))
        }
    }

    // MARK: Output

    private func send(_ message: Message) async throws {
        try await outbound.write(message.buffer())
        lastSent = Clock.now
    }
}

/// Ends a session from deep inside it with a chosen outcome.
struct SessionEnd: Error {
    let outcome: SessionOutcome
    init(_ outcome: SessionOutcome) { self.outcome = outcome }
}

/// Measures how fast a backlog found at WELCOME is shipped.
struct CatchUp {
    private var backlog: UInt64 = 0
    private var started: UInt64 = 0

    mutating func start(backlog: UInt64) {
        self.backlog = backlog
        started = Clock.now
    }

    /// Once, when the backlog was worth reporting: records, seconds and rate.
    mutating func drained() -> (records: UInt64, seconds: Double, rate: Int)? {
        guard backlog >= 100 else { return nil }
        let seconds = Double(Clock.milliseconds(from: started, to: Clock.now)) / 1000
        defer { backlog = 0 }
        return (backlog, seconds, seconds > 0 ? Int(Double(backlog) / seconds) : Int(backlog))
    }
}

/// Monotonic time in nanoseconds.
enum Clock {
    static var now: UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func milliseconds(from start: UInt64, to end: UInt64) -> Int {
        end > start ? Int((end - start) / 1_000_000) : 0
    }
}
