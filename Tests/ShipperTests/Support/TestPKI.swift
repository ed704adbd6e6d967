import ExecutableTestSupport
import Foundation
import Shipper
import TLS

/// A CA, a server certificate for localhost/127.0.0.1 and a collector's client certificate, as
/// PEM files in a temporary directory laid out as the collector expects them.
struct TestPKI {
    static let serverName = "localhost"

    let directory: TemporaryDirectory
    let ca: CertificateAuthority
    let collectorID: String

    var caPath: String { directory.file("ca.crt") }
    var serverCertificatePath: String { directory.file("server.crt") }
    var serverKeyPath: String { directory.file("server.key") }
    /// Where the collector's identity lives.
    var paths: CredentialPaths {
        CredentialPaths(
            certificate: directory.file("etc/collector.crt"), privateKey: directory.file("etc/collector.key"),
            caCertificate: directory.file("etc/ca.crt"))
    }

    /// Makes the CA and the server certificate; with `clientValidity`, also the collector's
    /// certificate and key (as `pganalytics register` would store them).
    init(clientValidity: CertificateValidity? = .days(90), caName: String = "pgAnalytics Test CA") throws {
        directory = try TemporaryDirectory(prefix: "pga-shipper-")
        collectorID = "collector-\(UInt32.random(in: 0...UInt32.max))"
        ca = try CertificateAuthority.create(commonName: caName)
        try ca.save(certificatePath: caPath, keyPath: directory.file("ca.key"))
        let serverKey = try PrivateKey.generateP256()
        let server = try ca.issueServerCertificate(
            commonName: "pganalytics-api", subjectAlternativeNames: [.dns("localhost"), .ipAddress("127.0.0.1")], key: serverKey)
        try serverKey.write(toFile: serverKeyPath)
        try server.certificate.write(toFile: serverCertificatePath)
        try FileManager.default.createDirectory(atPath: directory.file("etc"), withIntermediateDirectories: true)
        if let clientValidity {
            try issueClient(validity: clientValidity)
        }
    }

    /// Issues the collector's certificate for a fresh key and stores both, with the CA.
    func issueClient(validity: CertificateValidity) throws {
        let key = try PrivateKey.generateP256()
        let request = try CertificateSigningRequest(commonName: "requested", key: key)
        let issued = try ca.signClientCertificate(request: request, collectorID: collectorID, validity: validity)
        try key.write(toFile: paths.privateKey)
        try issued.certificate.write(toFile: paths.certificate)
        try ca.certificate.write(toFile: paths.caCertificate)
    }

    /// The backend's mTLS listener (client certificate required), or its enrolment listener.
    func serverConfiguration(requireClientCertificate: Bool = true) -> TLSConfiguration {
        TLSConfiguration.server(
            certificateChain: .file(serverCertificatePath), privateKey: .file(serverKeyPath), trustRoots: .file(caPath),
            requireClientCertificate: requireClientCertificate)
    }

    func remove() {
        directory.remove()
    }
}

/// The permission bits of a file.
func fileMode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// Unix seconds now.
var unixNow: Int64 { Int64(Date().timeIntervalSince1970) }
