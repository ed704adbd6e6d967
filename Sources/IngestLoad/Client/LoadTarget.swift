import PostgresClient
import TLS

/// The backend under load: where its ingest listener is, the CA that issues collectors'
/// certificates (the load tool signs its own collectors' certificates with it), and the
/// metrics database (to register collectors and to count what was committed).
public struct LoadTarget: Sendable {
    public var host: String
    public var port: Int
    /// The name the server certificate is checked against.
    public var serverName: String
    public var authority: CertificateAuthority
    public var database: ConnectionParameters

    public init(host: String, port: Int, serverName: String, authority: CertificateAuthority, database: ConnectionParameters) {
        self.host = host
        self.port = port
        self.serverName = serverName
        self.authority = authority
        self.database = database
    }

    /// A collector's TLS context: a fresh P-256 key, a CSR for `collectorID` signed by the CA
    /// as the registrar signs it, and the CA as the only trust root.
    public func clientContext(for collectorID: String) throws -> TLSContext {
        let key = try PrivateKey.generateP256()
        let request = try CertificateSigningRequest(commonName: collectorID, key: key)
        let issued = try authority.signClientCertificate(request: request, collectorID: collectorID, validity: .days(1))
        return try TLSContext(configuration: .client(
            trustRoots: .certificates([authority.certificate]), serverName: serverName,
            certificateChain: .certificates([issued.certificate]), privateKey: .key(key)))
    }
}
