import Foundation
import Shipper
import TLS
import Testing
import WireProtocol

/// `pganalytics register`'s client against a backend built from the TLS module.
@Suite struct EnrolmentTests {
    private func request(_ pki: TestPKI, port: Int, secret: String = "s3cret", caPath: String? = nil) throws -> Enrolment.Request {
        Enrolment.Request(
            backend: BackendAddress(host: "127.0.0.1", port: port), secret: secret, name: "db-01", hostname: "db-01.example",
            region: "eu-west", caCertificate: caPath ?? pki.caPath, serverName: TestPKI.serverName)
    }

    @Test func registersAndStoresTheIdentity() async throws {
        let pki = try TestPKI(clientValidity: nil)
        defer { pki.remove() }
        let backend = try await FakeBackend.start(pki: pki, requireClientCertificate: false)
        let result = try await Enrolment().register(request(pki, port: backend.port), storeAt: pki.paths)
        await backend.stop()

        let register = try #require(backend.snapshot.registers.first)
        #expect(register.name == "db-01")
        #expect(register.hostname == "db-01.example")
        #expect(register.region == "eu-west")
        #expect(register.secret == "s3cret")

        let credentials = try Credentials.load(pki.paths)
        #expect(credentials.collectorID == result.collectorID)
        #expect(credentials.certificate.isSigned(by: pki.ca.certificate))
        #expect(credentials.trustRoots.first == pki.ca.certificate)
        #expect(try fileMode(pki.paths.privateKey) == 0o600)
        #expect(try fileMode(pki.paths.certificate) == 0o644)
        #expect(CredentialStore.readCollectorID(paths: pki.paths) == result.collectorID)
        #expect(pki.paths.collectorIDFile == pki.directory.file("etc/collector.id"))
    }

    @Test func registerCarriesNoPrivateKey() async throws {
        let pki = try TestPKI(clientValidity: nil)
        defer { pki.remove() }
        let backend = try await FakeBackend.start(pki: pki, requireClientCertificate: false)
        _ = try await Enrolment().register(request(pki, port: backend.port), storeAt: pki.paths)
        await backend.stop()

        // What travelled: the REGISTER frame exactly as the backend received it.
        let frame = try #require(backend.snapshot.registerFrames.first)
        let raw = try Frame.parse(frame).rawPayload()
        let key = try PrivateKey(pemFile: pki.paths.privateKey)
        let keyPEM = try key.pemBytes()
        let keyDER = try #require(Data(base64Encoded: pemBody(keyPEM)))
        #expect(keyDER.count > 32)
        for bytes in [frame, raw] {
            #expect(!contains(bytes, Array("PRIVATE KEY".utf8)))
            #expect(!contains(bytes, keyPEM))
            #expect(!contains(bytes, Array(keyDER)))
            // Nor the private scalar alone: the 32 bytes that follow the OCTET STRING tag in the
            // key's DER (SEC 1 ECPrivateKey inside PKCS#8).
            #expect(!contains(bytes, privateScalar(Array(keyDER))))
        }
        // The CSR inside carries the generated key's public half.
        guard case .register(let register) = try Message.decode(Frame.parse(frame)) else {
            Issue.record("the frame is not a REGISTER")
            return
        }
        let csr = try CertificateSigningRequest(der: register.csr)
        #expect(try csr.publicKeyDER() == key.publicKeyDER())
        try csr.verifySignature()
    }

    @Test func anUntrustedServerIsRefusedBeforeTheSecretIsSent() async throws {
        let pki = try TestPKI(clientValidity: nil)
        defer { pki.remove() }
        let stranger = try TestPKI(clientValidity: nil, caName: "Another CA")
        defer { stranger.remove() }
        let backend = try await FakeBackend.start(pki: pki, requireClientCertificate: false)
        let error = await #expect(throws: ShipperError.self) {
            try await Enrolment().register(request(pki, port: backend.port, caPath: stranger.caPath), storeAt: pki.paths)
        }
        await backend.stop()
        #expect(error?.code == .serverNotTrusted, "\(String(describing: error))")
        #expect(error?.message.contains("not trusted") == true)
        #expect(backend.snapshot.registers.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: pki.paths.privateKey))
    }

    @Test func aBadSecretIsRefused() async throws {
        let pki = try TestPKI(clientValidity: nil)
        defer { pki.remove() }
        let backend = try await FakeBackend.start(pki: pki, requireClientCertificate: false)
        let error = await #expect(throws: ShipperError.self) {
            try await Enrolment().register(request(pki, port: backend.port, secret: "wrong"), storeAt: pki.paths)
        }
        await backend.stop()
        #expect(error?.code == .refused)
        #expect(error?.backendCode == ErrorCode.authenticationFailed.rawValue)
        #expect(error?.message.contains("refused the registration secret") == true)
        #expect(!FileManager.default.fileExists(atPath: pki.paths.certificate))
    }

    @Test func rateLimitingIsReported() async throws {
        let pki = try TestPKI(clientValidity: nil)
        defer { pki.remove() }
        var behaviour = FakeBackend.Behaviour()
        behaviour.rateLimited = true
        let backend = try await FakeBackend.start(pki: pki, behaviour: behaviour, requireClientCertificate: false)
        let error = await #expect(throws: ShipperError.self) {
            try await Enrolment().register(request(pki, port: backend.port), storeAt: pki.paths)
        }
        await backend.stop()
        #expect(error?.backendCode == ErrorCode.rateLimited.rawValue)
        #expect(error?.message.contains("try again later") == true)
    }

    @Test func anUnreachableBackendIsReported() async throws {
        let pki = try TestPKI(clientValidity: nil)
        defer { pki.remove() }
        let probe = try await FakeBackend.start(pki: pki)
        let port = probe.port
        await probe.stop()
        let error = await #expect(throws: ShipperError.self) {
            try await Enrolment().register(request(pki, port: port), storeAt: pki.paths)
        }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
    }
}

/// The base64 body of a PEM document.
func pemBody(_ pem: [UInt8]) -> String {
    String(decoding: pem, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
}

func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if Array(haystack[start..<start + needle.count]) == needle { return true }
    }
    return false
}

/// The 32-byte private scalar of a P-256 PKCS#8 key: the contents of the first `04 20` OCTET STRING
/// inside the inner ECPrivateKey.
func privateScalar(_ der: [UInt8]) -> [UInt8] {
    for index in 0..<(der.count - 34) where der[index] == 0x04 && der[index + 1] == 0x20 {
        return Array(der[(index + 2)..<(index + 34)])
    }
    return []
}
