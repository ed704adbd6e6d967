import Foundation
import Ingest
import IngestTestSupport
import Logging
import PostgresClient
import IngestServer
import TLS
import Testing
import WireProtocol

/// The TLS handshake and HELLO over real sockets: who is let in, and what every refusal says.
@Suite struct HandshakeTests {
    @Test func aRegisteredCollectorIsWelcomedAndItsBatchesAreStored() async throws {
        try await withServer { server in
            let id = uniqueCollectorID("welcome")
            try server.database.register(id)
            let client = try await server.connect(id)
            let completed = try await client.handshaken()
            #expect(completed.version == .v1_3)
            let welcome = try await client.hello(dropped: 4)
            #expect(welcome.collectorID == id)
            #expect(welcome.committedSequence == 0)
            #expect(welcome.maxUnacknowledgedBytes == UInt32(server.server.configuration.maxUnacknowledgedBytes))
            #expect(welcome.pingIntervalMilliseconds == 30_000)
            client.send((1...3).map { TestBatch.message($0) })
            try await client.awaitAck(3)
            #expect(try server.database.distinctHostLoads(id) == 3)
            #expect(try server.database.committed(id) == 3)
            #expect(try server.database.scalar("SELECT dropped_records FROM pganalytics.collectors WHERE id = $1", [id]) == 4)
            client.send(.ping(Ping(nonce: 99)))
            #expect(try await client.nextMessage() == .pong(Pong(nonce: 99)))
            client.send(.goodbye(Goodbye()))
            try await client.awaitClose()
        }
    }

    @Test func aListenerThatWouldNotVerifyClientCertificatesDoesNotStart() async throws {
        var tls = ServerPKI.shared.serverTLS()
        tls.certificateVerification = .none
        let pool = WriterPool(parameters: ConnectionParameters(host: "127.0.0.1", port: 1), configuration: WriterPoolConfiguration(writers: 1))
        let server = IngestServer(configuration: IngestServerConfiguration(tls: tls, host: "127.0.0.1", port: 0), pool: pool,
                                  database: ConnectionParameters(host: "127.0.0.1", port: 1), enrolment: nil,
                                  logger: Logger(label: "test"))
        do {
            _ = try await server.start()
            Issue.record("a listener without client certificate verification started")
            await server.shutdown()
        } catch let error as IngestServerError {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("trustRoots"))
        }
        await pool.shutdown()
    }

    @Test func helloWithoutAClientCertificateIsRefused() async throws {
        try await withServer { server in
            let client = try await TestCollector.connect(port: server.port, tls: ServerPKI.shared.clientTLS(identity: nil))
            let completed = try await client.handshaken()
            #expect(completed.peer != nil)  // the server's certificate, seen by the client
            client.send(.hello(Hello(firstUnacknowledged: 0, lastWritten: 0, software: "t", hostname: "t")))
            let error = try #require(try await client.nextError())
            #expect(error.code == .authenticationFailed)
            #expect(error.fatal)
            #expect(error.message.contains("client certificate required"))
            try await client.awaitClose()
        }
    }

    @Test func aCertificateFromAnotherCAFailsTheHandshake() async throws {
        try await withServer { server in
            let stranger = try ServerPKI(caName: "Someone Else's CA")
            var tls = stranger.clientTLS(identity: try stranger.clientIdentity("intruder"))
            // Trust the real server, present the stranger's certificate.
            tls.trustRoots = .certificates([ServerPKI.shared.ca.certificate])
            try await expectRefusedByTLS(server, tls, alert: "unknown ca")
        }
    }

    @Test func anExpiredCertificateFailsTheHandshake() async throws {
        try await withServer { server in
            let id = uniqueCollectorID("expired")
            try server.database.register(id)
            let now = Int64(Date().timeIntervalSince1970)
            let tls = try ServerPKI.shared.clientTLS(for: id, validity: .explicit(notBefore: now - 86_400 * 10, notAfter: now - 86_400))
            try await expectRefusedByTLS(server, tls, alert: "certificate expired")
        }
    }

    /// In TLS 1.3 the client finishes its side of the handshake before the server has checked
    /// the client certificate; the server's alert then ends the connection, and no frame is
    /// ever answered.
    private func expectRefusedByTLS(_ server: TestServer, _ tls: TLSConfiguration, alert: String) async throws {
        let client = try await TestCollector.connect(port: server.port, tls: tls)
        client.send(.hello(Hello(firstUnacknowledged: 0, lastWritten: 0, software: "t", hostname: "t")))
        guard case .closed(let reason) = try await client.next() else {
            Issue.record("the backend answered a collector whose certificate it cannot verify")
            return
        }
        let error = try #require(reason)
        #expect(error.contains(alert), "\(error)")
    }

    @Test func aRevokedCollectorIsRefused() async throws {
        try await withServer { server in
            let id = uniqueCollectorID("revoked")
            try server.database.register(id, revoked: true)
            let client = try await server.connect(id)
            client.send(.hello(Hello(firstUnacknowledged: 0, lastWritten: 0, software: "t", hostname: "t")))
            let error = try #require(try await client.nextError())
            #expect(error.code == .collectorRevoked)
            #expect(error.fatal)
            #expect(error.message.contains(id))
            try await client.awaitClose()
        }
    }

    @Test func anUnknownCollectorIsRefused() async throws {
        try await withServer { server in
            let id = uniqueCollectorID("unknown")
            let client = try await server.connect(id)
            client.send(.hello(Hello(firstUnacknowledged: 0, lastWritten: 0, software: "t", hostname: "t")))
            let error = try #require(try await client.nextError())
            #expect(error.code == .collectorUnknown)
            #expect(error.message.contains("not registered"))
            try await client.awaitClose()
        }
    }

    @Test func helloWhileTheCollectorsTableCannotBeReadIsRefusedForNow() async throws {
        var unreachable = try MigratedDatabase.shared().parameters
        unreachable.database = "pga_no_such_database"
        try await withServer(controlDatabase: unreachable) { server in
            let id = uniqueCollectorID("nodb")
            try server.database.register(id)
            let client = try await server.connect(id)
            client.send(.hello(Hello(firstUnacknowledged: 0, lastWritten: 0, software: "t", hostname: "t")))
            let error = try #require(try await client.nextError())
            #expect(error.code == .storageUnavailable)
            #expect(error.fatal)
            #expect(error.message.contains("reconnect later"))
            try await client.awaitClose()
        }
    }

    @Test func aBatchBeforeHelloIsUnexpected() async throws {
        try await withServer { server in
            let id = uniqueCollectorID("early")
            try server.database.register(id)
            let client = try await server.connect(id)
            client.send(TestBatch.message(1))
            let error = try #require(try await client.nextError())
            #expect(error.code == .unexpectedMessage)
            try await client.awaitClose()
            #expect(try server.database.hostLoadRows(id) == 0)
        }
    }

    @Test func registerWithoutEnrolmentIsRefused() async throws {
        try await withServer { server in
            let client = try await TestCollector.connect(port: server.port, tls: ServerPKI.shared.clientTLS(identity: nil))
            client.send(.register(Register(secret: "s", hostname: "h", csr: [1, 2, 3])))
            let error = try #require(try await client.nextError())
            #expect(error.code == .registrationRefused)
            #expect(error.message.contains("enrolment disabled"))
        }
    }

    @Test func registerAndRenewGoToTheEnrolmentHooks() async throws {
        let hooks = EnrolmentHooks(
            register: { request, _ in
                .registered(Registered(collectorID: "new-\(request.hostname)", certificates: [[1]], caCertificate: [2]))
            },
            renew: { _, collectorID, _ in
                .registered(Registered(collectorID: collectorID, certificates: [[3]], caCertificate: [2]))
            })
        try await withServer(enrolment: hooks) { server in
            let anonymous = try await TestCollector.connect(port: server.port, tls: ServerPKI.shared.clientTLS(identity: nil))
            anonymous.send(.register(Register(secret: "s", hostname: "db1", csr: [1, 2, 3])))
            #expect(try await anonymous.nextMessage() == .registered(Registered(collectorID: "new-db1", certificates: [[1]], caCertificate: [2])))
            try await anonymous.awaitClose()

            let id = uniqueCollectorID("renew")
            try server.database.register(id)
            let (client, _) = try await server.establish(id)
            client.send(.renew(Renew(csr: [9])))
            #expect(try await client.nextMessage() == .registered(Registered(collectorID: id, certificates: [[3]], caCertificate: [2])))
            client.send(TestBatch.message(1))
            try await client.awaitAck(1)
        }
    }
}
