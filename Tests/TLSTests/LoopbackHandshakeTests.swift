import Foundation
import NIOCore
import NIOPosix
import Testing
import TLS

/// Real TLS over real loopback sockets: an ``OpenSSLHandler`` on each side of a TCP connection.
@Suite struct LoopbackHandshakeTests {
    /// Runs `body` with a fresh event loop group and test PKI, shutting both down after.
    static func withLoopback(
        _ pki: TestPKI, _ body: (EventLoopGroup) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        do {
            try await body(group)
        } catch {
            try? await group.shutdownGracefully()
            pki.remove()
            throw error
        }
        try await group.shutdownGracefully()
        pki.remove()
    }

    @Test func mutualTLSEchoesOneMegabyteBothWays() async throws {
        let pki = try TestPKI()
        try await Self.withLoopback(pki) { group in
            let server = try await EchoServer.start(group: group, context: TLSContext(configuration: pki.serverConfiguration()))
            let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 7) }
            let client = try await TestClient.connect(
                group: group, port: server.port, context: TLSContext(configuration: pki.clientConfiguration()),
                expectedBytes: payload.count)

            // Written before the handshake completes: held, then sent.
            try await client.channel.writeAndFlush(ByteBuffer(bytes: payload))
            let handshake = try await wait(client.handshook)
            #expect(handshake.peer?.commonName == "pganalytics-api")
            #expect(handshake.version == .v1_3)

            try await wait(client.receivedAll)
            try await client.channel.close()
            let clientOutcome = try await wait(client.outcome)
            let serverOutcome = try await wait(server.firstConnection)
            try await server.channel.close()

            #expect(serverOutcome.received == payload)
            #expect(clientOutcome.received == payload)
            #expect(clientOutcome.errors.isEmpty, "\(clientOutcome.errors)")
            #expect(serverOutcome.errors.isEmpty, "\(serverOutcome.errors)")
            let peer = try #require(serverOutcome.handshake?.peer)
            #expect(peer.commonName == TestPKI.collectorID)
            #expect(peer.serialNumberHex == pki.client.serialNumberHex)
            #expect(peer.notAfter == pki.client.notAfter)
            #expect(peer.sha256FingerprintHex == (try pki.client.certificate.sha256FingerprintHex()))
        }
    }

    /// Connects a client made from `clientConfiguration` to a server made from
    /// `serverConfiguration` and returns both outcomes once both channels closed.
    static func refusedConnection(
        server serverConfiguration: TLSConfiguration, client clientConfiguration: TLSConfiguration, group: EventLoopGroup
    ) async throws -> (client: ConnectionOutcome, server: ConnectionOutcome) {
        let server = try await EchoServer.start(group: group, context: TLSContext(configuration: serverConfiguration))
        let client = try await TestClient.connect(
            group: group, port: server.port, context: TLSContext(configuration: clientConfiguration), expectedBytes: 5)
        // The client may believe its handshake finished (TLS 1.3 clients finish first); any data it
        // sends must never be echoed.
        client.channel.writeAndFlush(ByteBuffer(string: "hello"), promise: nil)
        let clientOutcome = try await wait(client.outcome)
        let serverOutcome = try await wait(server.firstConnection)
        try await server.channel.close()
        #expect(clientOutcome.received.isEmpty)
        #expect(serverOutcome.received.isEmpty)
        #expect(serverOutcome.handshake == nil)
        return (clientOutcome, serverOutcome)
    }

    @Test func clientWithoutCertificateIsRefused() async throws {
        let pki = try TestPKI()
        try await Self.withLoopback(pki) { group in
            let outcome = try await Self.refusedConnection(
                server: pki.serverConfiguration(), client: pki.clientConfiguration(withCertificate: false), group: group)
            let error = try #require(outcome.server.errors.first)
            #expect(error.code == .handshakeFailed)
            #expect(error.message.contains("peer did not return a certificate"), "\(error)")
            #expect(!outcome.client.errors.isEmpty)
        }
    }

    @Test func clientCertificateFromAnotherCAIsRefused() async throws {
        let pki = try TestPKI()
        let stranger = try TestPKI(caName: "Some Other CA")
        defer { stranger.remove() }
        try await Self.withLoopback(pki) { group in
            // Trusts our server, presents a certificate the server's CA never issued.
            var client = pki.clientConfiguration()
            client.certificateChain = .file(stranger.clientCertificatePath)
            client.privateKey = .file(stranger.clientKeyPath)
            let outcome = try await Self.refusedConnection(server: pki.serverConfiguration(), client: client, group: group)
            let error = try #require(outcome.server.errors.first)
            #expect(error.code == .handshakeFailed)
            #expect(error.message.contains("unable to get local issuer certificate"), "\(error)")
        }
    }

    @Test func expiredClientCertificateIsRefused() async throws {
        let dayAgo = Int64(Date.now.timeIntervalSince1970) - 86_400
        let pki = try TestPKI(clientValidity: .explicit(notBefore: dayAgo - 86_400, notAfter: dayAgo))
        try await Self.withLoopback(pki) { group in
            let outcome = try await Self.refusedConnection(
                server: pki.serverConfiguration(), client: pki.clientConfiguration(), group: group)
            let error = try #require(outcome.server.errors.first)
            #expect(error.code == .handshakeFailed)
            #expect(error.message.contains("certificate has expired"), "\(error)")
        }
    }

    @Test func serverCertificateForAnotherNameIsRefused() async throws {
        let pki = try TestPKI(serverNames: [.dns("backend.example.net")])
        try await Self.withLoopback(pki) { group in
            let server = try await EchoServer.start(group: group, context: TLSContext(configuration: pki.serverConfiguration()))
            let client = try await TestClient.connect(
                group: group, port: server.port, context: TLSContext(configuration: pki.clientConfiguration()))
            let clientOutcome = try await wait(client.outcome)
            let serverOutcome = try await wait(server.firstConnection)
            try await server.channel.close()

            #expect(clientOutcome.handshake == nil)
            let error = try #require(clientOutcome.errors.first)
            #expect(error.code == .handshakeFailed)
            #expect(error.message.contains("hostname mismatch"), "\(error)")
            #expect(serverOutcome.handshake == nil)
            #expect(serverOutcome.errors.first?.code == .handshakeFailed)
        }
    }

    @Test func tls12ClientIsRefusedByATLS13Server() async throws {
        let pki = try TestPKI()
        try await Self.withLoopback(pki) { group in
            var client = pki.clientConfiguration()
            client.minimumVersion = .v1_2
            client.maximumVersion = .v1_2
            let outcome = try await Self.refusedConnection(server: pki.serverConfiguration(), client: client, group: group)
            #expect(outcome.client.handshake == nil)
            let error = try #require(outcome.server.errors.first)
            #expect(error.code == .handshakeFailed)
            #expect(error.message.contains("unsupported protocol"), "\(error)")
        }
    }

    @Test func tls12ClientIsAcceptedWhenTheServerAllowsIt() async throws {
        let pki = try TestPKI()
        try await Self.withLoopback(pki) { group in
            let server = try await EchoServer.start(
                group: group, context: TLSContext(configuration: pki.serverConfiguration(minimumVersion: .v1_2)))
            var configuration = pki.clientConfiguration()
            configuration.minimumVersion = .v1_2
            configuration.maximumVersion = .v1_2
            let client = try await TestClient.connect(
                group: group, port: server.port, context: TLSContext(configuration: configuration), expectedBytes: 5)
            let handshake = try await wait(client.handshook)
            #expect(handshake.version == .v1_2)
            try await client.channel.writeAndFlush(ByteBuffer(string: "hello"))
            try await wait(client.receivedAll)
            try await client.channel.close()
            let serverOutcome = try await wait(server.firstConnection)
            try await server.channel.close()
            #expect(serverOutcome.handshake?.version == .v1_2)
            #expect(serverOutcome.handshake?.peer?.commonName == TestPKI.collectorID)
            #expect(serverOutcome.errors.isEmpty, "\(serverOutcome.errors)")
            #expect(try await wait(client.outcome).received == Array("hello".utf8))
        }
    }

    @Test func silentClientIsClosedAfterTheHandshakeTimeout() async throws {
        let pki = try TestPKI()
        try await Self.withLoopback(pki) { group in
            let server = try await EchoServer.start(
                group: group, context: TLSContext(configuration: pki.serverConfiguration()),
                configuration: OpenSSLHandlerConfiguration(handshakeTimeout: .milliseconds(300)))
            // A plain TCP client that never says anything.
            let started = NIODeadline.now()
            let silent = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: server.port).get()
            // Only a lower bound: on a loaded machine the close may come late, and the error code
            // below proves it was the handshake timeout that closed the connection.
            try await wait(silent.closeFuture, timeout: .seconds(120))
            let elapsed = NIODeadline.now() - started
            #expect(elapsed >= .milliseconds(250))

            let serverOutcome = try await wait(server.firstConnection)
            try await server.channel.close()
            #expect(serverOutcome.errors.map(\.code) == [.handshakeTimeout])
        }
    }
}
