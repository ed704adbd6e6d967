import Testing
import TLS

/// Client and server engines pumped against each other in memory: no sockets.
@Suite struct TLSEngineTests {
    /// Moves ciphertext both ways until both handshakes complete (or throws).
    static func handshake(client: TLSEngine, server: TLSEngine) throws {
        var clientDone = false
        var serverDone = false
        for _ in 0..<10 where !(clientDone && serverDone) {
            if !clientDone { clientDone = try client.handshake() == .complete }
            try server.feedCiphertext(client.drainCiphertext())
            if !serverDone { serverDone = try server.handshake() == .complete }
            try client.feedCiphertext(server.drainCiphertext())
        }
        #expect(clientDone && serverDone)
    }

    @Test func mutualHandshakeDataAndCloseNotify() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let client = try TLSContext(configuration: pki.clientConfiguration()).makeEngine()
        let server = try TLSContext(configuration: pki.serverConfiguration()).makeEngine()
        #expect(client.state == .handshaking)

        try Self.handshake(client: client, server: server)
        #expect(client.state == .established && server.state == .established)
        #expect(client.negotiatedVersion == .v1_3)
        #expect(server.peerCertificate?.subjectCommonName == TestPKI.collectorID)
        #expect(server.peerCertificate?.serialNumberHex == pki.client.serialNumberHex)
        #expect(client.peerCertificate?.subjectCommonName == "pganalytics-api")

        let request = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try client.writePlaintext(request)
        try server.feedCiphertext(client.drainCiphertext())
        #expect(try server.readAllPlaintext().bytes == request)

        try server.writePlaintext(Array("pong".utf8))
        try client.feedCiphertext(server.drainCiphertext())
        #expect(try client.readAllPlaintext().bytes == Array("pong".utf8))

        client.shutdown()
        #expect(client.sentCloseNotify)
        try server.feedCiphertext(client.drainCiphertext())
        let end = try server.readAllPlaintext()
        #expect(end.closed && end.bytes.isEmpty)
        #expect(server.receivedCloseNotify)
        #expect(throws: TLSError.self) { try client.writePlaintext([1]) }

        // The server answers with its own close_notify; the client, having sent its own, can
        // still read until then.
        #expect(try client.readAllPlaintext().closed == false)
        server.shutdown()
        #expect(server.sentCloseNotify)
        try client.feedCiphertext(server.drainCiphertext())
        #expect(try client.readAllPlaintext().closed)
        #expect(client.receivedCloseNotify)
    }

    @Test func ciphertextMayArriveOneByteAtATime() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let client = try TLSContext(configuration: pki.clientConfiguration()).makeEngine()
        let server = try TLSContext(configuration: pki.serverConfiguration()).makeEngine()
        try Self.handshake(client: client, server: server)
        try client.writePlaintext(Array("split me".utf8))
        var received: [UInt8] = []
        for byte in client.drainCiphertext() {
            try server.feedCiphertext([byte])
            received += try server.readAllPlaintext().bytes
        }
        #expect(received == Array("split me".utf8))
    }

    @Test func serverRefusesAClientWithoutCertificate() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let client = try TLSContext(configuration: pki.clientConfiguration(withCertificate: false)).makeEngine()
        let server = try TLSContext(configuration: pki.serverConfiguration()).makeEngine()
        let error = #expect(throws: TLSError.self) { try Self.handshake(client: client, server: server) }
        #expect(error?.code == .handshakeFailed)
        #expect(error?.message.contains("peer did not return a certificate") == true, "\(String(describing: error))")
        #expect(server.state == .failed)
        // The server queued an alert for the client.
        #expect(server.pendingCiphertextCount > 0)
    }

    @Test func enrolmentServerAcceptsAClientWithoutCertificate() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        var configuration = pki.serverConfiguration()
        configuration.requireClientCertificate = false
        let client = try TLSContext(configuration: pki.clientConfiguration(withCertificate: false)).makeEngine()
        let server = try TLSContext(configuration: configuration).makeEngine()
        try Self.handshake(client: client, server: server)
        #expect(server.peerCertificate == nil)
        #expect(client.peerCertificate != nil)
    }

    @Test func fullVerificationNeedsAServerName() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        var configuration = pki.clientConfiguration()
        configuration.serverName = nil
        let context = try TLSContext(configuration: configuration)
        let error = #expect(throws: TLSError.self) { try context.makeEngine() }
        #expect(error?.code == .configuration)
        // An IP address works as a name (matched against the IP SAN, not sent as SNI).
        let client = try context.makeEngine(serverName: "127.0.0.1")
        let server = try TLSContext(configuration: pki.serverConfiguration()).makeEngine()
        try Self.handshake(client: client, server: server)
    }

    @Test func inconsistentConfigurationsAreRefused() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        var serverWithoutRoots = pki.serverConfiguration()
        serverWithoutRoots.trustRoots = nil
        var wrongKey = pki.serverConfiguration()
        wrongKey.privateKey = .file(pki.clientKeyPath)
        var versions = pki.serverConfiguration()
        versions.maximumVersion = .v1_2
        var noChain = pki.serverConfiguration()
        noChain.certificateChain = nil
        noChain.privateKey = nil
        for configuration in [serverWithoutRoots, wrongKey, versions, noChain] {
            let error = #expect(throws: TLSError.self) { try TLSContext(configuration: configuration) }
            #expect(error?.code == .configuration)
        }
    }
}
