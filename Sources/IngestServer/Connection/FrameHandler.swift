import NIOCore
import WireProtocol

/// A decoded message and the size of its frame as transmitted.
struct InboundFrame {
    var message: Message
    var wireBytes: Int
}

/// Turns the plaintext stream into messages with the incremental `MessageDecoder` and the
/// configured limits. A malformed frame is passed on through `errorCaught` as the `WireError`
/// (with the check and the offset); the stream cannot be resynchronised, so every byte after it
/// is ignored.
final class FrameHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = InboundFrame

    private var decoder: MessageDecoder
    private var failed = false

    init(limits: Limits) {
        // A small schema cache: a collector sends some 20 families, and memory per connection counts.
        decoder = MessageDecoder(limits: limits, schemaCacheCapacity: 32)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { decoder.append($0) }
        while true {
            let start = decoder.streamOffset
            do {
                guard let message = try decoder.next() else { return }
                context.fireChannelRead(wrapInboundOut(InboundFrame(message: message, wireBytes: decoder.streamOffset - start)))
            } catch {
                failed = true
                context.fireErrorCaught(error)
                return
            }
            // A handler later in the pipeline may have closed the connection.
            guard context.channel.isActive else { return }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !failed {
            do {
                try decoder.finish()
            } catch {
                failed = true
                context.fireErrorCaught(error)
            }
        }
        context.fireChannelInactive()
    }
}

@available(*, unavailable)
extension FrameHandler: Sendable {}
