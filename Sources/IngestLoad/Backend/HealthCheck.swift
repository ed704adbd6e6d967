import NIOCore
import NIOPosix

/// `GET /api/v1/health` on the backend's HTTP port: the status code, or nil when nothing answers.
public enum HealthCheck {
    public static func status(host: String, port: Int, path: String = "/api/v1/health",
                              group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async -> Int? {
        let response = group.next().makePromise(of: [UInt8].self)
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: response))
                    }
                }
                .connect(host: host, port: port).get()
            var request = channel.allocator.buffer(capacity: 128)
            request.writeString("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
            try await channel.writeAndFlush(request)
            let timeout = channel.eventLoop.scheduleTask(in: .seconds(30)) { channel.close(promise: nil) }
            let bytes = try await response.futureResult.get()
            timeout.cancel()
            // "HTTP/1.1 200 OK"
            let line = String(decoding: bytes.prefix { $0 != 0x0D }, as: UTF8.self).split(separator: " ")
            return line.count >= 2 ? Int(line[1]) : nil
        } catch {
            response.fail(error)
            return nil
        }
    }
}

private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let promise: EventLoopPromise<[UInt8]>
    private var bytes: [UInt8] = []

    init(promise: EventLoopPromise<[UInt8]>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        bytes += unwrapInboundIn(data).readableBytesView
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(bytes)
        context.fireChannelInactive()
    }
}

@available(*, unavailable)
extension ResponseCollector: Sendable {}
