import ExecutableTestSupport
import Testing
import TLS

@Suite struct CertificateTests {
    /// Makes a self-signed certificate with the openssl tool, for shapes our CA never issues.
    static func foreignCertificate(subject: String, in directory: TemporaryDirectory) throws -> Certificate {
        let path = directory.file("foreign.crt")
        let result = try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-utf8", "-subj", subject,
            "-keyout", directory.file("foreign.key"), "-out", path, "-days", "1",
        ])
        #expect(result.status == 0, "\(result.output)")
        return try Certificate(pemFile: path)
    }

    @Test func twoCommonNamesAreNoIdentity() throws {
        let directory = try TemporaryDirectory(prefix: "pga-tls-")
        defer { directory.remove() }
        let certificate = try Self.foreignCertificate(subject: "/CN=collector-a/CN=collector-b", in: directory)
        #expect(certificate.subjectCommonName == nil)
        #expect(certificate.info.commonName == nil)
    }

    @Test func oneCommonNameAmongOtherAttributes() throws {
        let directory = try TemporaryDirectory(prefix: "pga-tls-")
        defer { directory.remove() }
        let certificate = try Self.foreignCertificate(subject: "/O=Example/CN=héllo-ü/OU=Ops", in: directory)
        #expect(certificate.subjectCommonName == "héllo-ü")
    }

    @Test func pemBundleReadsInOrder() throws {
        let first = try CertificateAuthority.create(commonName: "first").certificate
        let second = try CertificateAuthority.create(commonName: "second").certificate
        let bundle = try first.pemString() + second.pemString()
        let chain = try Certificate.chain(pem: Array(bundle.utf8))
        #expect(chain.map(\.subjectCommonName) == ["first", "second"])
        #expect(try Certificate.chain(pem: Array("no certificates here".utf8)).isEmpty)
        let broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        let error = #expect(throws: TLSError.self) { try Certificate.chain(pem: Array(broken.utf8)) }
        #expect(error?.code == .invalidCertificate)
    }
}
