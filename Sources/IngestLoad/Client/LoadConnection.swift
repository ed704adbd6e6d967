import NIOCore
import NIOPosix
import TLS
import WireProtocol

/// What a simulated collector's connection reports, always on its event loop.
public enum ClientEvent: Sendable {
    /// The TLS handshake completed on this channel.
    case established(Channel)
    case message(Message)
    /// The connection ended. `error` is what went wrong on the way, if anything (a TLS failure,
    /// a malformed frame from the backend); nil for a clean close.
    case closed(error: String?)
}

/// One mTLS connection to the ingest listener: the project's `OpenSSLHandler` and a
/// `MessageDecoder` in a NIO pipeline. Events go to `onEvent` on the channel's event loop.
public enum LoadConnection {
    /// Connects to `target` with `tls`; `onEvent` sees every event of the connection.
    public static func connect(
        to target: LoadTarget, tls: TLSContext, on loop: any EventLoop,
        onEvent: @escaping @Sendable (ClientEvent) -> Void
    ) -> EventLoopFuture<Channel> {
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(30))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        OpenSSLHandler(context: tls, configuration: OpenSSLHandlerConfiguration(handshakeTimeout: .seconds(60))),
                        ClientFrameHandler(onEvent: onEvent))
                }
            }
            .connect(host: target.host, port: target.port)
    }

    /// Writes `bytes` (one or more frames) and flushes.
    public static func send(_ bytes: [UInt8], on channel: Channel) -> EventLoopFuture<Void> {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return channel.writeAndFlush(buffer)
    }
}

/// Decodes what the backend sends and reports it.
final class ClientFrameHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let onEvent: @Sendable (ClientEvent) -> Void
    private var decoder = MessageDecoder()
    private var failure: String?
    private var closed = false

    init(onEvent: @escaping @Sendable (ClientEvent) -> Void) {
        self.onEvent = onEvent
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is TLSHandshakeCompleted { onEvent(.established(context.channel)) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard failure == nil else { return }
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { decoder.append($0) }
        do {
            while let message = try decoder.next() { onEvent(.message(message)) }
        } catch {
            failure = "the backend sent a malformed frame: \(error)"
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if failure == nil { failure = "\(error)" }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !closed {
            closed = true
            onEvent(.closed(error: failure))
        }
        context.fireChannelInactive()
    }
}

@available(*, unavailable)
extension ClientFrameHandler: Sendable {}
