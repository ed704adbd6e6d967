import ExecutableTestSupport
import Testing
import TLS

@Suite struct CertificateSigningRequestTests {
    @Test func derAndPEMRoundTrip() throws {
        let key = try PrivateKey.generateP256()
        let request = try CertificateSigningRequest(commonName: "db-host-17", key: key)
        let der = try request.derBytes()
        let fromDER = try CertificateSigningRequest(der: der)
        #expect(fromDER.subjectCommonName == "db-host-17")
        try fromDER.verifySignature()
        #expect(try fromDER.derBytes() == der)

        let pem = try request.pemString()
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE REQUEST-----"))
        let fromPEM = try CertificateSigningRequest(pem: Array(pem.utf8))
        #expect(try fromPEM.derBytes() == der)
        try fromPEM.verifySignature()
        #expect(fromPEM.publicKeySecurityBits == 128)
    }

    @Test func opensslAgreesTheSignatureVerifies() throws {
        let directory = try TemporaryDirectory(prefix: "pga-tls-")
        defer { directory.remove() }
        let request = try CertificateSigningRequest(commonName: "db-host-17", key: PrivateKey.generateP256())
        let path = directory.file("req.pem")
        try request.pemString().write(toFile: path, atomically: true, encoding: .utf8)
        let result = try openssl(["req", "-in", path, "-noout", "-verify", "-subject"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("CN = db-host-17"), "\(result.output)")
    }

    @Test func tamperedRequestFailsItsSignatureCheck() throws {
        let request = try CertificateSigningRequest(commonName: "collector-aaaa", key: PrivateKey.generateP256())
        var der = try request.derBytes()
        let name = Array("collector-aaaa".utf8)
        let offset = try #require(firstRange(of: name, in: der))
        der[offset + name.count - 1] = UInt8(ascii: "b")  // now asks for "collector-aaab"
        let tampered = try CertificateSigningRequest(der: der)
        #expect(tampered.subjectCommonName == "collector-aaab")
        let error = #expect(throws: TLSError.self) { try tampered.verifySignature() }
        #expect(error?.code == .csrSignatureInvalid)
    }

    @Test func trailingBytesAreRefused() throws {
        let request = try CertificateSigningRequest(commonName: "x", key: PrivateKey.generateP256())
        let error = #expect(throws: TLSError.self) { try CertificateSigningRequest(der: request.derBytes() + [0]) }
        #expect(error?.code == .invalidCSR)
    }

    @Test func oversizedRequestIsRefusedBeforeParsing() throws {
        let bytes = [UInt8](repeating: 0x30, count: CertificateSigningRequest.maximumDERSize + 1)
        let error = #expect(throws: TLSError.self) { try CertificateSigningRequest(der: bytes) }
        #expect(error?.code == .invalidCSR)
        #expect(error?.message.contains("limit") == true)
    }

    @Test func garbageIsRefused() throws {
        for bytes: [UInt8] in [[], [0x30], [0x30, 0x03, 0x02, 0x01, 0x00], Array("hello".utf8)] {
            let error = #expect(throws: TLSError.self) { try CertificateSigningRequest(der: bytes) }
            #expect(error?.code == .invalidCSR)
        }
    }

    @Test func commonNameMustFit() throws {
        let key = try PrivateKey.generateP256()
        for name in ["", String(repeating: "a", count: 65), "a\u{0}b", "line\nbreak"] {
            let error = #expect(throws: TLSError.self) { try CertificateSigningRequest(commonName: name, key: key) }
            #expect(error?.code == .invalidArgument)
        }
    }
}

/// The offset of the first occurrence of `needle` in `haystack`.
func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
}
