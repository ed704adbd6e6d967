import Foundation
import NIOCore
import NIOPosix
import TLS
import WireProtocol

/// What a test collector saw.
enum CollectorEvent: Sendable, Equatable {
    case message(Message)
    /// The connection ended; `tlsError` is what the TLS handler reported, if anything.
    case closed(tlsError: String?)
}

struct TestTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// A collector's connection for tests: NIO, the project's `OpenSSLHandler` and the
/// `MessageDecoder`, with the messages it receives queued for the test to take in order.
final class TestCollector: Sendable {
    let channel: Channel
    let inbox: Inbox
    let handshake: EventLoopFuture<TLSHandshakeCompleted>

    private init(channel: Channel, inbox: Inbox, handshake: EventLoopFuture<TLSHandshakeCompleted>) {
        self.channel = channel
        self.inbox = inbox
        self.handshake = handshake
    }

    /// - Parameter receiveBuffer: SO_RCVBUF for the socket, to make a peer that stops reading
    ///   fill up quickly.
    static func connect(port: Int, tls: TLSConfiguration, receiveBuffer: Int? = nil) async throws -> TestCollector {
        let context = try TLSContext(configuration: tls)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let inbox = Inbox()
        let handshake = loop.makePromise(of: TLSHandshakeCompleted.self)
        var bootstrap = ClientBootstrap(group: loop)
        if let receiveBuffer {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBuffer))
        }
        let channel = try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        OpenSSLHandler(context: context),
                        CollectorReceiver(inbox: inbox, handshake: handshake))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return TestCollector(channel: channel, inbox: inbox, handshake: handshake.futureResult)
    }

    /// Waits for the TLS handshake; throws its failure.
    func handshaken() async throws -> TLSHandshakeCompleted {
        try await waitFor(handshake, "the TLS handshake")
    }

    /// Sends messages (BATCH frames compressed as the collector sends them) in one flush.
    @discardableResult
    func send(_ messages: Message...) -> EventLoopFuture<Void> {
        send(messages)
    }

    @discardableResult
    func send(_ messages: [Message]) -> EventLoopFuture<Void> {
        sendRaw(messages.flatMap { $0.frame().bytes })
    }

    /// Sends bytes as they are.
    @discardableResult
    func sendRaw(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return channel.writeAndFlush(buffer)
    }

    /// The next event, waiting up to `seconds`.
    func next(seconds: Int64 = 20) async throws -> CollectorEvent {
        try await inbox.next(on: channel.eventLoop, timeout: .seconds(seconds))
    }

    /// The next message; throws when the connection ends first.
    func nextMessage(seconds: Int64 = 20) async throws -> Message {
        switch try await next(seconds: seconds) {
        case .message(let message): return message
        case .closed(let error): throw TestTimeout(what: "a message, but the connection closed (\(error ?? "cleanly"))")
        }
    }

    /// The next ERROR, skipping ACKs; nil when the connection ends first.
    func nextError(seconds: Int64 = 20) async throws -> ErrorMessage? {
        while true {
            switch try await next(seconds: seconds) {
            case .message(.error(let error)): return error
            case .message: continue
            case .closed: return nil
            }
        }
    }

    /// Waits for an ACK through `sequence` (later ACKs included), failing on an ERROR or close.
    func awaitAck(_ sequence: UInt64, seconds: Int64 = 30) async throws {
        while true {
            switch try await next(seconds: seconds) {
            case .message(.ack(let ack)) where ack.committedThrough >= sequence: return
            case .message(.ack), .message(.pong): continue
            case let other: throw TestTimeout(what: "ACK \(sequence), got \(other)")
            }
        }
    }

    /// Waits until the connection has ended, skipping messages.
    func awaitClose(seconds: Int64 = 20) async throws {
        while true {
            if case .closed = try await next(seconds: seconds) { return }
        }
    }

    /// HELLO, then WELCOME (throws on anything else).
    func hello(dropped: UInt64 = 0) async throws -> Welcome {
        send(.hello(Hello(firstUnacknowledged: 0, lastWritten: 0, droppedRecords: dropped, software: "pganalytics/test", hostname: "test")))
        switch try await next() {
        case .message(.welcome(let welcome)): return welcome
        case let other: throw TestTimeout(what: "WELCOME, got \(other)")
        }
    }

    func close() async {
        try? await channel.close()
    }
}

/// Queued events and the test waiting for the next one.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [CollectorEvent] = []
    private var waiter: EventLoopPromise<CollectorEvent>?

    func push(_ event: CollectorEvent) {
        let waiting: EventLoopPromise<CollectorEvent>? = lock.withLock {
            if let waiter {
                self.waiter = nil
                return waiter
            }
            events.append(event)
            return nil
        }
        waiting?.succeed(event)
    }

    func next(on loop: EventLoop, timeout: TimeAmount) async throws -> CollectorEvent {
        let promise = loop.makePromise(of: CollectorEvent.self)
        let ready: CollectorEvent? = lock.withLock {
            if !events.isEmpty { return events.removeFirst() }
            waiter = promise
            return nil
        }
        if let ready {
            promise.succeed(ready)
            return ready
        }
        let timer = loop.scheduleTask(in: timeout) {
            let expired = self.lock.withLock { () -> Bool in
                guard self.waiter?.futureResult === promise.futureResult else { return false }
                self.waiter = nil
                return true
            }
            if expired { promise.fail(TestTimeout(what: "the next event")) }
        }
        defer { timer.cancel() }
        return try await promise.futureResult.get()
    }
}

/// Decodes what the backend sends and reports it to the inbox.
private final class CollectorReceiver: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let inbox: Inbox
    private let handshake: EventLoopPromise<TLSHandshakeCompleted>
    private var decoder = MessageDecoder()
    private var tlsError: String?

    init(inbox: Inbox, handshake: EventLoopPromise<TLSHandshakeCompleted>) {
        self.inbox = inbox
        self.handshake = handshake
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted { handshake.succeed(completed) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { decoder.append($0) }
        do {
            while let message = try decoder.next() { inbox.push(.message(message)) }
        } catch {
            tlsError = "the backend sent a malformed frame: \(error)"
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if tlsError == nil { tlsError = "\(error)" }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshake.fail(TestTimeout(what: "the handshake; the connection closed: \(tlsError ?? "no error")"))
        inbox.push(.closed(tlsError: tlsError))
    }
}

/// Waits for `future`, failing after `seconds` so that a broken test cannot hang.
func waitFor<T: Sendable>(_ future: EventLoopFuture<T>, _ what: String, seconds: Int64 = 20) async throws -> T {
    let promise = future.eventLoop.makePromise(of: T.self)
    future.cascade(to: promise)
    let timer = future.eventLoop.scheduleTask(in: .seconds(seconds)) { promise.fail(TestTimeout(what: what)) }
    defer { timer.cancel() }
    return try await promise.futureResult.get()
}
