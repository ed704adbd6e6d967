import Foundation
import Registration
import Testing
import TLS
import WireProtocol

/// Design invariant 7: the collector's private key never travels. What REGISTER carries is
/// inspected byte by byte.
@Suite("No private key leaves the collector")
struct PrivateKeyStaysTests {
    @Test("the encoded REGISTER holds the public key but neither the key's PEM nor its DER nor its scalar")
    func registerCarriesNoKey() async throws {
        let (request, key) = try RegistrationFixture.request()
        let bytes = Message.register(request).frame().bytes

        #expect(!bytes.contains(Array("PRIVATE KEY".utf8)))
        #expect(!bytes.contains(Array("-----BEGIN".utf8)))

        let pem = String(decoding: try key.pemBytes(), as: UTF8.self)
        let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let keyDER = try #require(Data(base64Encoded: base64).map { Array($0) })
        #expect(!bytes.contains(keyDER))
        // PKCS#8 → ECPrivateKey: the 32-byte private scalar follows `04 20` after the version.
        let scalarMarker: [UInt8] = [0x02, 0x01, 0x01, 0x04, 0x20]
        let scalarStart = try #require(keyDER.firstRange(of: scalarMarker)).upperBound
        let scalar = Array(keyDER[scalarStart..<scalarStart + 32])
        #expect(!bytes.contains(scalar))

        // What it does carry: the CSR, whose public key is the collector key's.
        let csr = try CertificateSigningRequest(der: request.csr)
        #expect(try csr.publicKeyDER() == key.publicKeyDER())
        #expect(bytes.contains(try key.publicKeyDER()))
    }

    @Test("the certificate the backend sends back is for the collector's own key")
    func issuedForTheKey() async throws {
        try await RegistrationFixture.with { fixture async throws in
            let (request, key) = try RegistrationFixture.request()
            guard let answer = registered(await fixture.registrar.register(request, peerAddress: "10.0.0.1:1")) else { return }
            let answerBytes = Message.registered(answer).frame().bytes
            #expect(!answerBytes.contains(Array("PRIVATE KEY".utf8)))
            #expect(try Certificate(der: answer.certificates[0]).matches(key))
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the array.
    func contains(_ needle: [UInt8]) -> Bool {
        firstRange(of: needle) != nil
    }
}
