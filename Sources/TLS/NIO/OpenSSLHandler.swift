import NIOCore

/// TLS for a SwiftNIO channel: ciphertext on the network side, plaintext `ByteBuffer`s on the
/// application side, driven by a ``TLSEngine`` over memory BIOs.
///
/// * The handshake starts when the channel becomes active. On success the handler fires the user
///   event ``TLSHandshakeCompleted`` with the peer's verified certificate details; on failure it
///   sends the alert, fires a ``TLSError`` through `errorCaught` and closes the channel. A
///   handshake that does not finish within ``OpenSSLHandlerConfiguration/handshakeTimeout`` is
///   failed the same way with ``TLSError/Code-swift.struct/handshakeTimeout``.
/// * Writes before the handshake completes are held (bounded by
///   ``OpenSSLHandlerConfiguration/maximumBufferedHandshakeBytes``) and sent once it does. After
///   it, each write is encrypted at once and passed on with its promise, so the channel's own
///   outbound buffer, and with it channel writability, is what applies backpressure.
/// * Closing sends close_notify, then closes the channel once it is written. A close_notify from
///   the peer is answered with ours and the channel is closed. A peer that disconnects without
///   close_notify is reported as ``TLSError/Code-swift.struct/uncleanShutdown``.
///
/// One handler per channel, used only on its event loop.
public final class OpenSSLHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private enum State {
        case idle
        case handshaking
        case active
        /// We sent close_notify and are waiting for it to be written.
        case closing
        case closed
    }

    private let engine: TLSEngine
    private let configuration: OpenSSLHandlerConfiguration
    private var state = State.idle
    private var timeout: Scheduled<Void>?
    private var heldWrites = HeldWrites()
    /// A close waiting for close_notify to be written.
    private var pendingClose: (mode: CloseMode, promise: EventLoopPromise<Void>?)?

    /// The peer's certificate details, once the handshake completed.
    public private(set) var peer: PeerCertificateInfo?

    /// A handler for one connection of `context`. `serverName` (clients) overrides the
    /// configuration's, for SNI and hostname verification.
    public init(
        context: TLSContext, serverName: String? = nil,
        configuration: OpenSSLHandlerConfiguration = OpenSSLHandlerConfiguration()
    ) throws {
        self.engine = try context.makeEngine(serverName: serverName)
        self.configuration = configuration
    }

    // MARK: Lifecycle

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive {
            startHandshake(context: context)
        }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimeout()
        failHeldWrites(TLSError(.channelClosed, "the TLS handler was removed"))
    }

    public func channelActive(context: ChannelHandlerContext) {
        startHandshake(context: context)
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        cancelTimeout()
        let previous = state
        state = .closed
        failHeldWrites(TLSError(.channelClosed, "the connection closed"))
        switch previous {
        case .handshaking:
            context.fireErrorCaught(
                TLSError(.handshakeFailed, "the peer closed the connection during the TLS handshake"))
        case .active where !engine.receivedCloseNotify:
            context.fireErrorCaught(TLSError(.uncleanShutdown, "the peer closed the connection without close_notify"))
        case .idle, .active, .closing, .closed:
            break
        }
        context.fireChannelInactive()
    }

    // MARK: Inbound

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch state {
        case .handshaking, .active, .closing: break
        case .idle, .closed: return
        }
        do {
            try engine.feedCiphertext(unwrapInboundIn(data))
        } catch {
            fail(context: context, error: error)
            return
        }
        if state == .handshaking {
            advanceHandshake(context: context)
        } else {
            deliverPlaintext(context: context)
        }
    }

    private func deliverPlaintext(context: ChannelHandlerContext) {
        let result: (plaintext: ByteBuffer?, closed: Bool)
        do {
            result = try engine.readPlaintext(allocator: context.channel.allocator)
        } catch {
            fail(context: context, error: error)
            return
        }
        // Reading can produce records to send (a TLS 1.3 key update).
        writeCiphertext(context: context, promise: nil, flush: true)
        if let plaintext = result.plaintext, state == .active || state == .closing {
            context.fireChannelRead(wrapInboundOut(plaintext))
        }
        if result.closed {
            peerSentCloseNotify(context: context)
        }
    }

    private func peerSentCloseNotify(context: ChannelHandlerContext) {
        switch state {
        case .active:
            beginClose(context: context, mode: .all, promise: nil)
        case .idle, .handshaking, .closing, .closed:
            break
        }
    }

    // MARK: Handshake

    private func startHandshake(context: ChannelHandlerContext) {
        guard state == .idle else { return }
        state = .handshaking
        timeout = context.eventLoop.assumeIsolated().scheduleTask(in: configuration.handshakeTimeout) {
            self.handshakeTimedOut(context: context)
        }
        advanceHandshake(context: context)
    }

    private func advanceHandshake(context: ChannelHandlerContext) {
        let result: TLSEngine.HandshakeResult
        do {
            result = try engine.handshake()
        } catch {
            fail(context: context, error: error)
            return
        }
        writeCiphertext(context: context, promise: nil, flush: true)
        switch result {
        case .wantsMoreData:
            if context.channel.syncOptions.map({ (try? $0.getOption(.autoRead)) ?? true }) == false {
                context.read()
            }
        case .complete:
            handshakeCompleted(context: context)
        }
    }

    private func handshakeCompleted(context: ChannelHandlerContext) {
        cancelTimeout()
        state = .active
        let peer = engine.peerCertificate?.info
        self.peer = peer
        context.fireUserInboundEventTriggered(TLSHandshakeCompleted(peer: peer, version: engine.negotiatedVersion))
        // A handler may have closed the connection on seeing the peer (a revoked collector).
        guard state == .active else {
            failHeldWrites(TLSError(.channelClosed, "the connection closed when the TLS handshake completed"))
            return
        }
        sendHeldWrites(context: context)
        // Application data may have arrived in the same read as the handshake's last flight.
        if state == .active {
            deliverPlaintext(context: context)
        }
    }

    private func handshakeTimedOut(context: ChannelHandlerContext) {
        guard state == .handshaking else { return }
        timeout = nil
        fail(
            context: context,
            error: TLSError(.handshakeTimeout, "the TLS handshake did not complete within \(configuration.handshakeTimeout)"))
    }

    private func cancelTimeout() {
        timeout?.cancel()
        timeout = nil
    }

    // MARK: Outbound

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let plaintext = unwrapOutboundIn(data)
        switch state {
        case .idle, .handshaking:
            guard heldWrites.bytes + plaintext.readableBytes <= configuration.maximumBufferedHandshakeBytes else {
                promise?.fail(
                    TLSError(
                        .bufferLimitExceeded,
                        "more than \(configuration.maximumBufferedHandshakeBytes) bytes written before the TLS handshake completed"))
                return
            }
            heldWrites.append(plaintext, promise: promise)
        case .active:
            encryptAndWrite(context: context, plaintext: plaintext, promise: promise)
        case .closing, .closed:
            promise?.fail(TLSError(.channelClosed, "cannot write: the TLS connection is closing"))
        }
    }

    public func flush(context: ChannelHandlerContext) {
        switch state {
        case .idle, .handshaking:
            heldWrites.markFlushed()
        case .active, .closing, .closed:
            context.flush()
        }
    }

    private func encryptAndWrite(context: ChannelHandlerContext, plaintext: ByteBuffer, promise: EventLoopPromise<Void>?) {
        do {
            try engine.writePlaintext(plaintext)
        } catch {
            promise?.fail(error)
            fail(context: context, error: error)
            return
        }
        writeCiphertext(context: context, promise: promise, flush: false)
    }

    private func sendHeldWrites(context: ChannelHandlerContext) {
        let (flushed, unflushed) = heldWrites.takeAll()
        for write in flushed {
            encryptAndWrite(context: context, plaintext: write.buffer, promise: write.promise)
        }
        if !flushed.isEmpty { context.flush() }
        for write in unflushed {
            encryptAndWrite(context: context, plaintext: write.buffer, promise: write.promise)
        }
    }

    /// Passes pending ciphertext down the pipeline; completes `promise` (if any) when it is written.
    private func writeCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?, flush: Bool) {
        if let ciphertext = engine.drainCiphertext(allocator: context.channel.allocator) {
            context.write(wrapOutboundOut(ciphertext), promise: promise)
            if flush { context.flush() }
        } else {
            promise?.succeed(())
        }
    }

    // MARK: Closing

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode != .input else {
            context.close(mode: mode, promise: promise)
            return
        }
        switch state {
        case .idle, .handshaking:
            cancelTimeout()
            state = .closed
            failHeldWrites(TLSError(.channelClosed, "the connection closed before the TLS handshake completed"))
            context.close(mode: mode, promise: promise)
        case .active:
            beginClose(context: context, mode: mode, promise: promise)
        case .closing:
            if let pending = pendingClose {
                // close_notify is still being written: close as asked once it is, the wider mode winning.
                let combined: EventLoopPromise<Void>?
                if let promise, let earlier = pending.promise {
                    earlier.futureResult.cascade(to: promise)
                    combined = earlier
                } else {
                    combined = pending.promise ?? promise
                }
                pendingClose = (mode == .all ? .all : pending.mode, combined)
            } else {
                // Output already closed after close_notify; this closes the rest.
                if mode == .all { state = .closed }
                context.close(mode: mode, promise: promise)
            }
        case .closed:
            context.close(mode: mode, promise: promise)
        }
    }

    /// Sends close_notify, then closes the channel (or its output, for `mode` `.output`) once it
    /// has been written or failed to be.
    private func beginClose(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        state = .closing
        pendingClose = (mode, promise)
        engine.shutdown()
        let written = context.eventLoop.makePromise(of: Void.self)
        writeCiphertext(context: context, promise: written, flush: true)
        written.futureResult.assumeIsolated().whenComplete { _ in
            guard let (mode, promise) = self.pendingClose else { return }
            self.pendingClose = nil
            if mode == .all { self.state = .closed }
            context.close(mode: mode, promise: promise)
        }
    }

    /// Fails every held write. The writes are taken out first: a promise's callback may close
    /// the channel, which comes back here through `channelInactive`.
    private func failHeldWrites(_ error: Error) {
        let (flushed, unflushed) = heldWrites.takeAll()
        for write in flushed { write.promise?.fail(error) }
        for write in unflushed { write.promise?.fail(error) }
    }

    /// Ends the connection after a fatal error: sends any alert, reports the error, closes.
    private func fail(context: ChannelHandlerContext, error: Error) {
        guard state != .closed else { return }
        cancelTimeout()
        state = .closed
        failHeldWrites(error)
        let alertWritten = context.eventLoop.makePromise(of: Void.self)
        writeCiphertext(context: context, promise: alertWritten, flush: true)
        context.fireErrorCaught(error)
        alertWritten.futureResult.assumeIsolated().whenComplete { _ in
            context.close(mode: .all, promise: nil)
        }
    }
}

@available(*, unavailable)
extension OpenSSLHandler: Sendable {}
