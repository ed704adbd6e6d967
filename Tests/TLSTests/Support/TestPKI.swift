import ExecutableTestSupport
import Foundation
import TLS

/// A CA, a server certificate for localhost/127.0.0.1 and a collector's client certificate,
/// made with the module's own CA code and written as PEM files into a temporary directory.
struct TestPKI {
    static let collectorID = "collector-7f3a"
    static let serverName = "localhost"

    let directory: TemporaryDirectory
    let ca: CertificateAuthority
    let server: IssuedCertificate
    let client: IssuedCertificate

    var caPath: String { directory.file("ca.crt") }
    var serverCertificatePath: String { directory.file("server.crt") }
    var serverKeyPath: String { directory.file("server.key") }
    var clientCertificatePath: String { directory.file("client.crt") }
    var clientKeyPath: String { directory.file("client.key") }

    /// Makes the CA and both certificates. `clientValidity` lets a test issue an expired one;
    /// `serverNames` lets a test issue a server certificate for a different name.
    init(
        clientValidity: CertificateValidity = .days(90),
        serverNames: [SubjectAlternativeName] = [.dns("localhost"), .ipAddress("127.0.0.1")],
        caName: String = "pgAnalytics Test CA"
    ) throws {
        directory = try TemporaryDirectory(prefix: "pga-tls-")
        ca = try CertificateAuthority.create(commonName: caName)
        try ca.save(certificatePath: directory.file("ca.crt"), keyPath: directory.file("ca.key"))

        let serverKey = try PrivateKey.generateP256()
        server = try ca.issueServerCertificate(commonName: "pganalytics-api", subjectAlternativeNames: serverNames, key: serverKey)
        try serverKey.write(toFile: directory.file("server.key"))
        try server.certificate.write(toFile: directory.file("server.crt"))

        // As the collector does: its own key, a CSR, the CA's signature.
        let clientKey = try PrivateKey.generateP256()
        let request = try CertificateSigningRequest(commonName: "requested-name", key: clientKey)
        client = try ca.signClientCertificate(
            request: CertificateSigningRequest(der: request.derBytes()), collectorID: Self.collectorID,
            validity: clientValidity)
        try clientKey.write(toFile: directory.file("client.key"))
        try client.certificate.write(toFile: directory.file("client.crt"))
    }

    /// The backend's mTLS listener: requires a client certificate from this CA.
    func serverConfiguration(minimumVersion: TLSVersion = .v1_3) -> TLSConfiguration {
        var configuration = TLSConfiguration.server(
            certificateChain: .file(serverCertificatePath), privateKey: .file(serverKeyPath),
            trustRoots: .file(caPath))
        configuration.minimumVersion = minimumVersion
        return configuration
    }

    /// A collector: trusts this CA for the server, presents its client certificate if `withCertificate`.
    func clientConfiguration(withCertificate: Bool = true, serverName: String = TestPKI.serverName) -> TLSConfiguration {
        TLSConfiguration.client(
            trustRoots: .file(caPath), serverName: serverName,
            certificateChain: withCertificate ? .file(clientCertificatePath) : nil,
            privateKey: withCertificate ? .file(clientKeyPath) : nil)
    }

    func remove() {
        directory.remove()
    }
}
