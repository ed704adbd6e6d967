import NIOCore
import WireProtocol

/// Turns the decrypted byte stream from the backend into ``Message``s (PROTOCOL.md section 3.1).
///
/// A malformed frame is fired as ``ShipperError/Code/protocolViolation`` and the connection is
/// closed: after a framing error the stream cannot be resynchronised. BATCH frames are never
/// expected from the backend, so their columns are not cached.
final class MessageDecodingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = Message

    private var decoder = MessageDecoder(schemaCacheCapacity: 0)
    private var failed = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { decoder.append($0) }
        do {
            while let message = try decoder.next() {
                context.fireChannelRead(wrapInboundOut(message))
            }
        } catch {
            failed = true
            context.fireErrorCaught(ShipperError(.protocolViolation, "the backend sent a malformed frame: \(error)"))
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension MessageDecodingHandler: Sendable {}
