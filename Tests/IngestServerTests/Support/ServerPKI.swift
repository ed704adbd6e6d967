import Foundation
import TLS

/// A throwaway CA, a server certificate for 127.0.0.1/localhost, and client certificates issued
/// as the registrar does (the collector's own key, a CSR, the CA's signature), all in memory.
final class ServerPKI: Sendable {
    static let shared: ServerPKI = try! ServerPKI()

    let ca: CertificateAuthority
    let serverCertificate: Certificate
    let serverKey: PrivateKey

    init(caName: String = "pgAnalytics Ingest Test CA") throws {
        ca = try CertificateAuthority.create(commonName: caName)
        serverKey = try PrivateKey.generateP256()
        serverCertificate = try ca.issueServerCertificate(
            commonName: "pganalytics-api", subjectAlternativeNames: [.dns("localhost"), .ipAddress("127.0.0.1")],
            key: serverKey
        ).certificate
    }

    /// The listener's TLS settings.
    func serverTLS() -> TLSConfiguration {
        .server(certificateChain: .certificates([serverCertificate]), privateKey: .key(serverKey),
                trustRoots: .certificates([ca.certificate]))
    }

    /// A collector's client certificate and key for `collectorID`.
    func clientIdentity(_ collectorID: String, validity: CertificateValidity = .days(1)) throws -> (Certificate, PrivateKey) {
        let key = try PrivateKey.generateP256()
        let request = try CertificateSigningRequest(commonName: collectorID, key: key)
        let issued = try ca.signClientCertificate(request: request, collectorID: collectorID, validity: validity)
        return (issued.certificate, key)
    }

    /// A collector's TLS settings: trusts this CA for the server, presents `identity` if given.
    func clientTLS(identity: (Certificate, PrivateKey)?) -> TLSConfiguration {
        .client(trustRoots: .certificates([ca.certificate]), serverName: "localhost",
                certificateChain: identity.map { .certificates([$0.0]) }, privateKey: identity.map { .key($0.1) })
    }

    /// `clientTLS` for a fresh certificate of `collectorID`.
    func clientTLS(for collectorID: String, validity: CertificateValidity = .days(1)) throws -> TLSConfiguration {
        clientTLS(identity: try clientIdentity(collectorID, validity: validity))
    }
}

/// A collector id no other test uses.
func uniqueCollectorID(_ prefix: String) -> String {
    "\(prefix)-\(UInt64.random(in: 0...UInt64.max))"
}
