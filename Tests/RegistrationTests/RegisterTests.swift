import Ingest
import PostgresClient
import Registration
import Testing
import TLS
import WireProtocol

@Suite("REGISTER against PostgreSQL")
struct RegisterTests {
    @Test("the right secret registers the collector: certificate for its id, signed by the CA, row stored")
    func goodSecret() async throws {
        try await RegistrationFixture.with { fixture async throws in
            let (request, key) = try RegistrationFixture.request(hostname: "DB-1.Example.com", name: "db one", region: "eu-west")
            guard let answer = registered(await fixture.registrar.register(request, peerAddress: "10.0.0.5:40000")) else { return }

            #expect(answer.collectorID.hasPrefix("db-1-example-com-"))
            #expect(answer.collectorID.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
            #expect(answer.certificates.count == 1)
            let certificate = try Certificate(der: answer.certificates[0])
            #expect(certificate.subjectCommonName == answer.collectorID)
            #expect(certificate.isSigned(by: fixture.authority.certificate))
            #expect(certificate.matches(key))
            #expect(try Certificate(der: answer.caCertificate) == fixture.authority.certificate)

            let row = try #require(try fixture.row(answer.collectorID))
            #expect(row.hostname == "DB-1.Example.com")
            #expect(row.name == "db one")
            #expect(row.region == "eu-west")
            #expect(row.serial == certificate.serialNumberHex)
            #expect(row.expires == certificate.notAfter)
        }
    }

    @Test("two registrations from one host get different ids")
    func uniqueIDs() async throws {
        try await RegistrationFixture.with { fixture async throws in
            let first = registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.0.0.1:1"))
            let second = registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.0.0.2:1"))
            #expect(first != nil && second != nil && first?.collectorID != second?.collectorID)
            #expect(try fixture.collectorCount() == 2)
        }
    }

    @Test("a wrong secret is refused with authentication_failed and stores nothing")
    func badSecret() async throws {
        try await RegistrationFixture.with { fixture async throws in
            for secret in ["correct horse battery stapler", "correct horse battery stapl", "", "x"] {
                let (request, _) = try RegistrationFixture.request(secret: secret)
                let error = refusal(await fixture.registrar.register(request, peerAddress: "10.0.0.\(secret.count):1"))
                #expect(error?.code == .authenticationFailed)
                #expect(error?.fatal == true)
                #expect(error?.message.contains("registration secret is wrong") == true)
            }
            #expect(try fixture.collectorCount() == 0)
        }
    }

    @Test("without a configured secret REGISTER is refused and says so")
    func disabled() async throws {
        try await RegistrationFixture.with(configuration: RegistrarConfiguration(secret: nil)) { fixture async throws in
            let error = refusal(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.0.0.1:1"))
            #expect(error?.code == .registrationRefused)
            #expect(error?.message.contains("REGISTRATION_SECRET") == true)
            #expect(try fixture.collectorCount() == 0)
        }
    }

    @Test("a CSR altered after signing is refused with registration_refused naming the signature")
    func tamperedCSR() async throws {
        try await RegistrationFixture.with { fixture async throws in
            let key = try PrivateKey.generateP256()
            var der = try CertificateSigningRequest(commonName: "tamper-me", key: key).derBytes()
            let name = Array("tamper-me".utf8)
            let at = try #require(der.indices.first { der[$0...].starts(with: name) })
            der[at] = UInt8(ascii: "T")  // still a well-formed request, no longer the one signed
            let request = Register(secret: RegistrationFixture.secret, hostname: "h", csr: der)
            let error = refusal(await fixture.registrar.register(request, peerAddress: "10.0.0.1:1"))
            #expect(error?.code == .registrationRefused)
            #expect(error?.message.contains("signature does not verify") == true)
            #expect(try fixture.collectorCount() == 0)
        }
    }

    @Test("bytes that are no CSR are refused with registration_refused")
    func garbageCSR() async throws {
        try await RegistrationFixture.with { fixture async throws in
            let inputs: [[UInt8]] = [[], [0x30, 0x03, 0x02, 0x01, 0x00], Array(repeating: 0x41, count: 300)]
            for csr in inputs {
                let request = Register(secret: RegistrationFixture.secret, hostname: "h", csr: csr)
                let error = refusal(await fixture.registrar.register(request, peerAddress: "10.0.0.\(csr.count % 250):1"))
                #expect(error?.code == .registrationRefused)
                #expect(error?.message.contains("CSR") == true)
            }
            #expect(try fixture.collectorCount() == 0)
        }
    }

    @Test("the database being gone is storage_unavailable, not a crash")
    func databaseGone() async throws {
        try await RegistrationFixture.with { fixture async throws in
            let connection = try PostgresConnection(fixture.parameters)
            try connection.execute("ALTER TABLE pganalytics.collectors RENAME TO collectors_elsewhere")
            connection.close()
            let error = refusal(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.0.0.1:1"))
            #expect(error?.code == .storageUnavailable)
            #expect(error?.message.contains("could not be recorded") == true)
        }
    }
}
