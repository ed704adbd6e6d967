import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server on SwiftNIO: keep-alive, pipelining, size limits, an idle timeout
/// and a cap on connections; every request goes to one responder.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let group: any EventLoopGroup
    private let responder: @Sendable (HTTPRequest) async -> HTTPResponse
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var isShutDown = false
    }

    public init(configuration: HTTPServerConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "pganalytics.http"),
                responder: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        self.responder = responder
    }

    /// Binds and starts accepting; returns the bound port.
    ///
    /// - Throws: the bind error (the port is in use, the address is not local, ...).
    @discardableResult
    public func start() async throws -> Int {
        let configuration = self.configuration
        let responder = self.responder
        let state = self.state
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let admitted = state.withLockedValue { state -> Bool in
                    guard !state.isShutDown, state.connections.count < configuration.maximumConnections else { return false }
                    state.connections[ObjectIdentifier(channel)] = channel
                    return true
                }
                guard admitted else {
                    return channel.close()
                }
                channel.closeFuture.whenComplete { _ in
                    _ = state.withLockedValue { $0.connections.removeValue(forKey: ObjectIdentifier(channel)) }
                }
                return channel.eventLoop.makeCompletedFuture {
                    let idle = TimeAmount.seconds(configuration.idleTimeoutSeconds)
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: idle))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        HTTPConnectionHandler(configuration: configuration, responder: responder))
                }
            }
        let listener = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        state.withLockedValue { $0.listener = listener }
        let port = listener.localAddress?.port ?? configuration.port
        logger.info("HTTP API listening", metadata: ["address": "\(configuration.host):\(port)"])
        return port
    }

    /// Stops accepting and closes every connection.
    public func shutdown() async {
        let (listener, connections) = state.withLockedValue { state in
            state.isShutDown = true
            return (state.listener, Array(state.connections.values))
        }
        try? await listener?.close()
        for connection in connections {
            try? await connection.close()
        }
    }

    /// Connections open right now.
    public var connectionCount: Int {
        state.withLockedValue { $0.connections.count }
    }
}
