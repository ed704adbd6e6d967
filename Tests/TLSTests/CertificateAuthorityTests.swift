import ExecutableTestSupport
import Foundation
import Testing
import TLS

@Suite struct CertificateAuthorityTests {
    @Test func newCAIsSelfSignedForTenYears() throws {
        let ca = try CertificateAuthority.create(commonName: "Fleet CA")
        let certificate = ca.certificate
        #expect(certificate.subjectCommonName == "Fleet CA")
        #expect(certificate.issuerCommonName == "Fleet CA")
        #expect(certificate.isCertificateAuthority)
        #expect(certificate.isSigned(by: certificate))
        let now = Int64(Date().timeIntervalSince1970)
        #expect(abs(certificate.notAfter - (now + 3650 * 86_400)) < 120)
        #expect(certificate.notBefore <= now)
    }

    @Test func clientCertificateTakesTheCollectorIDAndReadsBack() throws {
        let ca = try CertificateAuthority.create()
        let request = try CertificateSigningRequest(commonName: "please-call-me-admin", key: PrivateKey.generateP256())
        let issued = try ca.signClientCertificate(request: request, collectorID: "c-0001")
        let now = Int64(Date().timeIntervalSince1970)

        #expect(issued.commonName == "c-0001")
        #expect(issued.requestedSubject == "CN=please-call-me-admin")
        let certificate = try Certificate(der: issued.der)
        #expect(certificate.subjectCommonName == "c-0001")
        #expect(certificate.issuerCommonName == "pgAnalytics CA")
        #expect(!certificate.isCertificateAuthority)
        #expect(certificate.isSigned(by: ca.certificate))
        #expect(certificate.serialNumberHex == issued.serialNumberHex)
        #expect(certificate.notAfter == issued.notAfter)
        #expect(abs(issued.notAfter - (now + 90 * 86_400)) < 120)
        #expect(issued.notBefore < now)

        // A 128-bit random serial: at most 16 bytes, and a fresh one each time.
        #expect(issued.serialNumberHex.count <= 32 && issued.serialNumberHex.count >= 24)
        let again = try ca.signClientCertificate(request: request, collectorID: "c-0001")
        #expect(again.serialNumberHex != issued.serialNumberHex)
    }

    @Test func derAndPEMConvert() throws {
        let ca = try CertificateAuthority.create()
        let der = try ca.certificate.derBytes()
        let pem = try ca.certificate.pemString()
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(try Certificate(pem: Array(pem.utf8)).derBytes() == der)
        #expect(try Certificate(der: der) == ca.certificate)
        let error = #expect(throws: TLSError.self) { try Certificate(der: der + [0, 0]) }
        #expect(error?.code == .invalidCertificate)
    }

    @Test func explicitValidityIsExact() throws {
        let ca = try CertificateAuthority.create()
        let request = try CertificateSigningRequest(commonName: "x", key: PrivateKey.generateP256())
        let issued = try ca.signClientCertificate(
            request: request, collectorID: "c-old", validity: .explicit(notBefore: 1_600_000_000, notAfter: 1_600_086_400))
        #expect(issued.notBefore == 1_600_000_000)
        #expect(issued.notAfter == 1_600_086_400)
        #expect(issued.certificate.notBefore == 1_600_000_000)

        let error = #expect(throws: TLSError.self) {
            try ca.signClientCertificate(request: request, collectorID: "c", validity: .explicit(notBefore: 5, notAfter: 5))
        }
        #expect(error?.code == .invalidArgument)
    }

    @Test func tamperedRequestIsRefused() throws {
        let ca = try CertificateAuthority.create()
        let request = try CertificateSigningRequest(commonName: "collector-aaaa", key: PrivateKey.generateP256())
        var der = try request.derBytes()
        // The last byte is inside the ECDSA signature's s value: the structure still parses, the
        // signature no longer matches.
        der[der.count - 1] ^= 0x01
        let error = #expect(throws: TLSError.self) {
            try ca.signClientCertificate(request: CertificateSigningRequest(der: der), collectorID: "c-1")
        }
        #expect(error?.code == .csrSignatureInvalid)
    }

    @Test func collectorIDMustBeAValidCommonName() throws {
        let ca = try CertificateAuthority.create()
        let request = try CertificateSigningRequest(commonName: "x", key: PrivateKey.generateP256())
        for id in ["", String(repeating: "z", count: 65), "bad\u{7F}"] {
            let error = #expect(throws: TLSError.self) { try ca.signClientCertificate(request: request, collectorID: id) }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test func saveAndLoadKeepsTheCA() throws {
        let directory = try TemporaryDirectory(prefix: "pga-tls-")
        defer { directory.remove() }
        let ca = try CertificateAuthority.create()
        try ca.save(certificatePath: directory.file("ca.crt"), keyPath: directory.file("ca.key"))
        #expect(try fileMode(directory.file("ca.key")) == 0o600)
        #expect(try fileMode(directory.file("ca.crt")) == 0o644)

        let loaded = try CertificateAuthority.load(certificatePath: directory.file("ca.crt"), keyPath: directory.file("ca.key"))
        #expect(loaded.certificate == ca.certificate)
        let request = try CertificateSigningRequest(commonName: "x", key: PrivateKey.generateP256())
        #expect(try loaded.signClientCertificate(request: request, collectorID: "c-2").certificate.isSigned(by: ca.certificate))
    }

    @Test func loadRefusesAKeyFromAnotherCA() throws {
        let directory = try TemporaryDirectory(prefix: "pga-tls-")
        defer { directory.remove() }
        let first = try CertificateAuthority.create()
        let second = try CertificateAuthority.create()
        try first.certificate.write(toFile: directory.file("ca.crt"))
        try second.save(certificatePath: directory.file("other.crt"), keyPath: directory.file("other.key"))
        let error = #expect(throws: TLSError.self) {
            try CertificateAuthority.load(certificatePath: directory.file("ca.crt"), keyPath: directory.file("other.key"))
        }
        #expect(error?.code == .invalidKey)
    }

    @Test func fingerprintMatchesOpenSSL() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let result = try openssl(["x509", "-in", pki.clientCertificatePath, "-noout", "-fingerprint", "-sha256", "-serial"])
        #expect(result.status == 0)
        let output = result.output.lowercased().replacingOccurrences(of: ":", with: "")
        #expect(output.contains(try pki.client.certificate.sha256FingerprintHex()), "\(result.output)")
        #expect(output.contains("serial=" + pki.client.serialNumberHex), "\(result.output)")
    }

    @Test func opensslVerifiesTheChainAndSeesTheExtensions() throws {
        let pki = try TestPKI()
        defer { pki.remove() }

        let client = try openssl(["verify", "-CAfile", pki.caPath, "-purpose", "sslclient", pki.clientCertificatePath])
        #expect(client.status == 0, "\(client.output)")
        let server = try openssl(["verify", "-CAfile", pki.caPath, "-purpose", "sslserver", pki.serverCertificatePath])
        #expect(server.status == 0, "\(server.output)")

        let clientText = try openssl(["x509", "-in", pki.clientCertificatePath, "-noout", "-text"]).output
        for expected in [
            "Subject: CN = \(TestPKI.collectorID)", "CA:FALSE", "Digital Signature", "TLS Web Client Authentication",
            "X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier",
        ] {
            #expect(clientText.contains(expected), "missing \(expected)")
        }
        #expect(!clientText.contains("requested-name"))

        let serverText = try openssl(["x509", "-in", pki.serverCertificatePath, "-noout", "-text"]).output
        for expected in ["TLS Web Server Authentication", "DNS:localhost", "IP Address:127.0.0.1", "CA:FALSE"] {
            #expect(serverText.contains(expected), "missing \(expected)")
        }

        let caText = try openssl(["x509", "-in", pki.caPath, "-noout", "-text"]).output
        for expected in ["CA:TRUE", "Certificate Sign, CRL Sign"] {
            #expect(caText.contains(expected), "missing \(expected)")
        }
    }

    @Test func serverCertificateNamesAreChecked() throws {
        let ca = try CertificateAuthority.create()
        let key = try PrivateKey.generateP256()
        for names: [SubjectAlternativeName] in [[], [.dns("bad name")], [.dns("a,DNS:evil.example")], [.ipAddress("300.1.1.1")]] {
            let error = #expect(throws: TLSError.self) {
                try ca.issueServerCertificate(commonName: "api", subjectAlternativeNames: names, key: key)
            }
            #expect(error?.code == .invalidArgument)
        }
        let issued = try ca.issueServerCertificate(
            commonName: "api", subjectAlternativeNames: [SubjectAlternativeName("*.example.com"), SubjectAlternativeName("::1")],
            key: key)
        #expect(issued.certificate.matches(key))
        #expect(SubjectAlternativeName("::1") == .ipAddress("::1"))
    }
}
