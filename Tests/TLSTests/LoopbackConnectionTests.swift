import NIOCore
import NIOPosix
import Testing
import TLS

/// How an ``OpenSSLHandler`` connection behaves around its handshake and its end.
@Suite struct LoopbackConnectionTests {
    @Test func writesBeforeTheHandshakeAreBounded() async throws {
        let pki = try TestPKI()
        try await LoopbackHandshakeTests.withLoopback(pki) { group in
            // A TCP server that never answers, so the client's handshake never completes.
            let mute = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
            let client = try await TestClient.connect(
                group: group, port: mute.localAddress!.port!, context: TLSContext(configuration: pki.clientConfiguration()),
                configuration: OpenSSLHandlerConfiguration(maximumBufferedHandshakeBytes: 1000))

            let held = client.channel.eventLoop.makePromise(of: Void.self)
            let refused = client.channel.eventLoop.makePromise(of: Void.self)
            client.channel.writeAndFlush(ByteBuffer(repeating: 1, count: 600), promise: held)
            client.channel.writeAndFlush(ByteBuffer(repeating: 2, count: 600), promise: refused)
            let refusal = await #expect(throws: TLSError.self) { try await refused.futureResult.get() }
            #expect(refusal?.code == .bufferLimitExceeded)

            try await client.channel.close()
            let dropped = await #expect(throws: TLSError.self) { try await held.futureResult.get() }
            #expect(dropped?.code == .channelClosed)
            let outcome = try await wait(client.outcome)
            #expect(outcome.handshake == nil)
            try await mute.close()
        }
    }

    @Test func closeSendsCloseNotifyAndAbortIsUnclean() async throws {
        let pki = try TestPKI()
        try await LoopbackHandshakeTests.withLoopback(pki) { group in
            let serverContext = try TLSContext(configuration: pki.serverConfiguration())
            let clientContext = try TLSContext(configuration: pki.clientConfiguration())

            // A clean close: the server sees close_notify, reports nothing.
            let clean = try await EchoServer.start(group: group, context: serverContext)
            let first = try await TestClient.connect(group: group, port: clean.port, context: clientContext)
            _ = try await wait(first.handshook)
            try await first.channel.close()
            let cleanOutcome = try await wait(clean.firstConnection)
            #expect(cleanOutcome.handshake != nil)
            #expect(cleanOutcome.errors.isEmpty, "\(cleanOutcome.errors)")
            try await clean.channel.close()

            // The socket closed under the TLS handler: the server reports an unclean shutdown.
            let abrupt = try await EchoServer.start(group: group, context: serverContext)
            let second = try await TestClient.connect(group: group, port: abrupt.port, context: clientContext)
            _ = try await wait(second.handshook)
            try await second.channel.triggerUserOutboundEvent(SocketAborter.abort).get()
            let abruptOutcome = try await wait(abrupt.firstConnection)
            #expect(abruptOutcome.errors.map(\.code) == [.uncleanShutdown])
            try await abrupt.channel.close()
        }
    }

    @Test func writesAfterCloseFail() async throws {
        let pki = try TestPKI()
        try await LoopbackHandshakeTests.withLoopback(pki) { group in
            let server = try await EchoServer.start(group: group, context: TLSContext(configuration: pki.serverConfiguration()))
            let client = try await TestClient.connect(
                group: group, port: server.port, context: TLSContext(configuration: pki.clientConfiguration()))
            _ = try await wait(client.handshook)
            let closed = client.channel.eventLoop.makePromise(of: Void.self)
            let late = client.channel.eventLoop.makePromise(of: Void.self)
            client.channel.close(promise: closed)
            client.channel.writeAndFlush(ByteBuffer(string: "too late"), promise: late)
            await #expect(throws: (any Error).self) { try await late.futureResult.get() }
            try await closed.futureResult.get()
            _ = try await wait(server.firstConnection)
            try await server.channel.close()
        }
    }

    @Test func aHandlerMayCloseOnSeeingThePeer() async throws {
        let pki = try TestPKI()
        try await LoopbackHandshakeTests.withLoopback(pki) { group in
            let serverContext = try TLSContext(configuration: pki.serverConfiguration())
            let outcome = group.next().makePromise(of: ConnectionOutcome.self)
            let server = try await ServerBootstrap(group: group)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers(
                            OpenSSLHandler(context: serverContext), RevokedCollectorGate(revoked: [TestPKI.collectorID]),
                            Recorder(echo: true, outcome: outcome))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            let client = try await TestClient.connect(
                group: group, port: server.localAddress!.port!, context: TLSContext(configuration: pki.clientConfiguration()),
                expectedBytes: 5)
            client.channel.writeAndFlush(ByteBuffer(string: "hello"), promise: nil)
            let clientOutcome = try await wait(client.outcome)
            let serverOutcome = try await wait(outcome.futureResult)
            try await server.close()
            #expect(clientOutcome.received.isEmpty)
            #expect(serverOutcome.received.isEmpty)
            #expect(serverOutcome.errors.isEmpty, "\(serverOutcome.errors)")
        }
    }
}

/// Closes connections from revoked collectors as soon as the handshake names them, the way the
/// backend checks its `collectors` table.
final class RevokedCollectorGate: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let revoked: Set<String>

    init(revoked: Set<String>) {
        self.revoked = revoked
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted, let id = completed.peer?.commonName, revoked.contains(id) {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
