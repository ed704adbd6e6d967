/// Where the collector keeps its TLS identity: `[backend] tls_cert`, `tls_key`, `ca_cert`, and
/// the collector id file that `pganalytics register` writes next to the certificate.
public struct CredentialPaths: Hashable, Sendable {
    /// The collector's certificate chain, PEM, leaf first (mode 0644).
    public var certificate: String
    /// The collector's private key, PEM (mode 0600). It never leaves the host.
    public var privateKey: String
    /// The CA certificate the backend's server certificate must chain to, PEM.
    public var caCertificate: String

    public init(certificate: String, privateKey: String, caCertificate: String) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.caCertificate = caCertificate
    }

    /// The defaults of a package install.
    public static let defaults = CredentialPaths(
        certificate: "/etc/pganalytics/collector.crt", privateKey: "/etc/pganalytics/collector.key",
        caCertificate: "/etc/pganalytics/ca.crt")

    /// The file holding the collector id: `collector.id` in the certificate's directory.
    public var collectorIDFile: String {
        Self.directory(of: certificate) + "/collector.id"
    }

    /// Where a renewal stages the new certificate before it replaces ``certificate``.
    var stagedCertificate: String { certificate + ".next" }
    /// Where a renewal stages the new key before it replaces ``privateKey``.
    var stagedPrivateKey: String { privateKey + ".next" }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
