import NIOCore
import NIOPosix
import TLS

/// What one side of a connection saw, reported when its channel became inactive.
struct ConnectionOutcome: Sendable {
    var handshake: TLSHandshakeCompleted?
    var errors: [TLSError] = []
    var otherErrors: [String] = []
    var received: [UInt8] = []
}

/// Records a connection's TLS events and data after an ``OpenSSLHandler``; the server side
/// echoes what it reads.
final class Recorder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let echo: Bool
    private let expectedBytes: Int?
    private let outcome: EventLoopPromise<ConnectionOutcome>
    private let receivedAll: EventLoopPromise<Void>?
    private let handshook: EventLoopPromise<TLSHandshakeCompleted>?
    private var state = ConnectionOutcome()

    init(
        echo: Bool, outcome: EventLoopPromise<ConnectionOutcome>, expectedBytes: Int? = nil,
        receivedAll: EventLoopPromise<Void>? = nil, handshook: EventLoopPromise<TLSHandshakeCompleted>? = nil
    ) {
        self.echo = echo
        self.outcome = outcome
        self.expectedBytes = expectedBytes
        self.receivedAll = receivedAll
        self.handshook = handshook
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted {
            state.handshake = completed
            handshook?.succeed(completed)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        state.received.append(contentsOf: buffer.readableBytesView)
        if echo {
            context.write(wrapOutboundOut(buffer), promise: nil)
        } else if let expectedBytes, state.received.count >= expectedBytes {
            receivedAll?.succeed(())
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if echo { context.flush() }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let error = error as? TLSError {
            state.errors.append(error)
        } else {
            state.otherErrors.append(String(describing: error))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshook?.fail(TLSError(.channelClosed, "closed before the handshake completed"))
        receivedAll?.fail(TLSError(.channelClosed, "closed after \(state.received.count) bytes"))
        outcome.succeed(state)
    }
}

/// A TLS echo server on 127.0.0.1 with an ephemeral port; reports its first connection's outcome.
struct EchoServer {
    let channel: Channel
    let firstConnection: EventLoopFuture<ConnectionOutcome>
    var port: Int { channel.localAddress!.port! }

    static func start(
        group: EventLoopGroup, context: TLSContext,
        configuration: OpenSSLHandlerConfiguration = OpenSSLHandlerConfiguration()
    ) async throws -> EchoServer {
        let outcome = group.next().makePromise(of: ConnectionOutcome.self)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        OpenSSLHandler(context: context, configuration: configuration),
                        Recorder(echo: true, outcome: outcome))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return EchoServer(channel: channel, firstConnection: outcome.futureResult)
    }
}

/// A TLS client connection with its recorder's promises.
struct TestClient {
    let channel: Channel
    let outcome: EventLoopFuture<ConnectionOutcome>
    let handshook: EventLoopFuture<TLSHandshakeCompleted>
    let receivedAll: EventLoopFuture<Void>

    static func connect(
        group: EventLoopGroup, port: Int, context: TLSContext, expectedBytes: Int = 0,
        configuration: OpenSSLHandlerConfiguration = OpenSSLHandlerConfiguration()
    ) async throws -> TestClient {
        let loop = group.next()
        let outcome = loop.makePromise(of: ConnectionOutcome.self)
        let handshook = loop.makePromise(of: TLSHandshakeCompleted.self)
        let receivedAll = loop.makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        SocketAborter(),
                        OpenSSLHandler(context: context, configuration: configuration),
                        Recorder(
                            echo: false, outcome: outcome, expectedBytes: expectedBytes, receivedAll: receivedAll,
                            handshook: handshook))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return TestClient(
            channel: channel, outcome: outcome.futureResult, handshook: handshook.futureResult,
            receivedAll: receivedAll.futureResult)
    }
}

/// Waits for `future`, failing after `timeout` so a broken test cannot hang.
func wait<T: Sendable>(_ future: EventLoopFuture<T>, timeout: TimeAmount = .seconds(15)) async throws -> T {
    let promise = future.eventLoop.makePromise(of: T.self)
    future.cascade(to: promise)
    let timer = future.eventLoop.scheduleTask(in: timeout) {
        promise.fail(TLSError(.handshakeTimeout, "the test waited longer than \(timeout)"))
    }
    defer { timer.cancel() }
    return try await promise.futureResult.get()
}

/// Sits between the socket and the TLS handler; on the outbound user event ``abort`` it closes
/// the socket directly, so the TLS handler never gets to send close_notify (a crash, a cable pull).
final class SocketAborter: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    static let abort = "abort the socket"

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let event = event as? String, event == Self.abort {
            context.close(promise: promise)
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }
}
