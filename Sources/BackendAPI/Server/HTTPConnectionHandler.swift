import NIOCore
import NIOHTTP1

/// Turns the request parts of one connection into `HTTPRequest`s, hands each to the responder
/// (off the event loop, as a task) and writes its answer, keeping the connection alive when the
/// client asks for it. Enforces the body and URI limits before buffering anything beyond them.
final class HTTPConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    typealias Responder = @Sendable (HTTPRequest) async -> HTTPResponse

    private enum State {
        /// Between requests.
        case idle
        /// Reading a request's body.
        case receiving(HTTPRequestHead, ByteBuffer)
        /// A request is with the responder; further parts are not expected until it answered
        /// (the pipelining handler holds them back).
        case responding
        /// The request was refused early; its remaining parts are dropped and the connection
        /// closes once the refusal is written.
        case refusing
    }

    private var state = State.idle
    private let configuration: HTTPServerConfiguration
    private let responder: Responder

    init(configuration: HTTPServerConfiguration, responder: @escaping Responder) {
        self.configuration = configuration
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (.head(let head), .idle):
            if head.uri.utf8.count > configuration.maximumURIBytes {
                refuse(context: context, .error(.uriTooLong, "uri_too_long",
                                                "the request target is longer than \(configuration.maximumURIBytes) bytes"))
            } else if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > configuration.maximumBodyBytes {
                refuse(context: context, tooLarge)
            } else {
                state = .receiving(head, context.channel.allocator.buffer(capacity: 0))
            }
        case (.body(var chunk), .receiving(let head, var body)):
            guard body.readableBytes + chunk.readableBytes <= configuration.maximumBodyBytes else {
                refuse(context: context, tooLarge)
                return
            }
            state = .idle  // drop the reference while appending, so the buffer is not copied
            body.writeBuffer(&chunk)
            state = .receiving(head, body)
        case (.end, .receiving(let head, let body)):
            state = .responding
            respond(context: context, head: head, body: body)
        case (_, .refusing):
            break
        case (.head, _), (.body, _), (.end, _):
            // Out of order parts mean a broken client or a bug; neither deserves an answer.
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent, case .idle = state {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// A parse error (already answered 400 by NIO's protocol error handler) or a socket error
    /// ends the connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private var tooLarge: HTTPResponse {
        .error(.payloadTooLarge, "body_too_large", "the request body is larger than \(configuration.maximumBodyBytes) bytes")
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer) {
        let request = HTTPRequest(method: head.method, uri: head.uri, headers: head.headers, body: Array(buffer: body))
        let responder = self.responder
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.makeFutureWithTask { await responder(request) }.whenSuccess { response in
            let (handler, context) = bound.value
            handler.state = .idle
            handler.write(response, to: context, method: head.method, keepAlive: head.isKeepAlive)
        }
    }

    private func refuse(context: ChannelHandlerContext, _ response: HTTPResponse) {
        state = .refusing
        write(response, to: context, method: .GET, keepAlive: false)
    }

    private func write(_ response: HTTPResponse, to context: ChannelHandlerContext, method: HTTPMethod, keepAlive: Bool) {
        var headers = response.headers
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: .http1_1, status: response.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if method != .HEAD && !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        if !keepAlive {
            let channel = context.channel
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
