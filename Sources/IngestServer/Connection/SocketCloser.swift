import NIOCore

/// The first handler of a connection, below TLS: on the user outbound event ``closeNow`` it
/// closes the socket itself, without the close_notify that the TLS handler would first wait to
/// write (which a peer that stopped reading never lets happen).
final class SocketCloser: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer

    /// The event that closes the socket at once.
    struct CloseNow: Sendable {}
    static let closeNow = CloseNow()

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if event is CloseNow {
            context.close(promise: promise)
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }
}

@available(*, unavailable)
extension SocketCloser: Sendable {}
