import Registration
import Testing
import TLS
import WireProtocol

@Suite("RENEW against PostgreSQL")
struct RenewTests {
    @Test("a registered collector renews: same id, a certificate for its new key, serial and expiry updated")
    func renew() async throws {
        try await RegistrationFixture.with { fixture async throws in
            guard let first = registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.0.0.1:1"))
            else { return }
            let oldSerial = try Certificate(der: first.certificates[0]).serialNumberHex

            let newKey = try PrivateKey.generateP256()
            let csr = try CertificateSigningRequest(commonName: "ignored", key: newKey)
            guard let renewed = registered(await fixture.registrar.renew(Renew(csr: try csr.derBytes()), collectorID: first.collectorID,
                                                                         peerAddress: "10.0.0.1:2")) else { return }
            #expect(renewed.collectorID == first.collectorID)
            let certificate = try Certificate(der: renewed.certificates[0])
            #expect(certificate.subjectCommonName == first.collectorID)
            #expect(certificate.matches(newKey))
            #expect(certificate.isSigned(by: fixture.authority.certificate))
            #expect(certificate.serialNumberHex != oldSerial)
            let row = try #require(try fixture.row(first.collectorID))
            #expect(row.serial == certificate.serialNumberHex)
            #expect(row.expires == certificate.notAfter)
        }
    }

    @Test("a revoked collector's RENEW is refused with collector_revoked and its record is unchanged")
    func revoked() async throws {
        try await RegistrationFixture.with { fixture async throws in
            guard let first = registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.0.0.1:1"))
            else { return }
            try fixture.revoke(first.collectorID)
            let csr = try CertificateSigningRequest(commonName: "x", key: PrivateKey.generateP256())
            let error = refusal(await fixture.registrar.renew(Renew(csr: try csr.derBytes()), collectorID: first.collectorID, peerAddress: "10.0.0.1:2"))
            #expect(error?.code == .collectorRevoked)
            #expect(error?.message.contains("revoked") == true)
            #expect(try fixture.row(first.collectorID)?.serial == Certificate(der: first.certificates[0]).serialNumberHex)
        }
    }

    @Test("an id the backend does not know is refused with collector_unknown")
    func unknown() async throws {
        try await RegistrationFixture.with { fixture async throws in
            let csr = try CertificateSigningRequest(commonName: "x", key: PrivateKey.generateP256())
            let error = refusal(await fixture.registrar.renew(Renew(csr: try csr.derBytes()), collectorID: "nobody-0000000000000000", peerAddress: "10.0.0.1:2"))
            #expect(error?.code == .collectorUnknown)
            #expect(try fixture.collectorCount() == 0)
        }
    }

    @Test("a tampered renewal CSR is refused and the certificate on record stays")
    func tampered() async throws {
        try await RegistrationFixture.with { fixture async throws in
            guard let first = registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.0.0.1:1"))
            else { return }
            var der = try CertificateSigningRequest(commonName: "renew-me", key: PrivateKey.generateP256()).derBytes()
            let at = try #require(der.indices.first { der[$0...].starts(with: Array("renew-me".utf8)) })
            der[at] = UInt8(ascii: "R")
            let error = refusal(await fixture.registrar.renew(Renew(csr: der), collectorID: first.collectorID, peerAddress: "10.0.0.1:2"))
            #expect(error?.code == .registrationRefused)
            #expect(try fixture.row(first.collectorID)?.serial == Certificate(der: first.certificates[0]).serialNumberHex)
        }
    }

    @Test("renewals are rate-limited per collector")
    func rateLimited() async throws {
        let configuration = RegistrarConfiguration(secret: RegistrationFixture.secret, renewLimit: RateLimit(burst: 1, perMinute: 1))
        try await RegistrationFixture.with(configuration: configuration) { fixture async throws in
            guard let first = registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.0.0.1:1"))
            else { return }
            let csr = try CertificateSigningRequest(commonName: "x", key: PrivateKey.generateP256()).derBytes()
            #expect(registered(await fixture.registrar.renew(Renew(csr: csr), collectorID: first.collectorID, peerAddress: "10.0.0.1:2")) != nil)
            let limited = refusal(await fixture.registrar.renew(Renew(csr: csr), collectorID: first.collectorID, peerAddress: "10.0.0.1:3"))
            #expect(limited?.code == .rateLimited)
            #expect(limited?.message.contains("renewal attempts from this collector") == true)
        }
    }
}
