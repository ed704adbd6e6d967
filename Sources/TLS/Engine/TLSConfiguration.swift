/// How a ``TLSContext`` authenticates itself and its peers.
///
/// The defaults are the protocol's (PROTOCOL.md section 2): TLS 1.3 only, peers verified, client
/// certificates required by the server. The backend's enrolment listener sets
/// ``requireClientCertificate`` to false, because REGISTER runs before the collector has one.
public struct TLSConfiguration: Sendable {
    /// Which end of the handshake this context is for.
    public enum Role: Hashable, Sendable {
        case server
        case client
    }

    /// How much of the peer's certificate is checked.
    public enum CertificateVerification: Hashable, Sendable {
        /// The chain must lead to a trust root and be valid now; a client also checks that the
        /// server certificate names ``TLSConfiguration/serverName``.
        case fullVerification
        /// The chain is checked, the host name is not.
        case noHostnameVerification
        /// Nothing is checked. Only for tests and diagnostics: it gives up authentication.
        case none
    }

    /// Where a certificate chain comes from.
    public enum CertificateSource: Sendable {
        /// A PEM file holding the leaf first, then any intermediates.
        case file(String)
        /// PEM data holding the leaf first, then any intermediates.
        case pem([UInt8])
        /// Parsed certificates, leaf first.
        case certificates([Certificate])
    }

    /// Where a private key comes from.
    public enum KeySource: Sendable {
        /// An unencrypted PEM key file.
        case file(String)
        /// Unencrypted PEM key data.
        case pem([UInt8])
        /// A parsed key.
        case key(PrivateKey)
    }

    /// Which certificate authorities are trusted to vouch for the peer.
    public enum TrustRoots: Sendable {
        /// The operating system's default trust store.
        case systemDefault
        /// A PEM file of one or more CA certificates.
        case file(String)
        /// PEM data of one or more CA certificates.
        case pem([UInt8])
        /// Parsed CA certificates.
        case certificates([Certificate])
    }

    /// Server or client.
    public var role: Role
    /// This side's certificate chain (required for a server; a client's mTLS identity).
    public var certificateChain: CertificateSource?
    /// The private key for the chain's leaf certificate.
    public var privateKey: KeySource?
    /// The CAs that vouch for the peer; required unless verification is ``CertificateVerification/none``.
    public var trustRoots: TrustRoots?
    /// Server only: refuse clients that present no certificate. When false, a certificate the
    /// client does present is still verified.
    public var requireClientCertificate: Bool
    /// How much of the peer's certificate is checked.
    public var certificateVerification: CertificateVerification
    /// The oldest version negotiated; TLS 1.3 unless the deployment allows TLS 1.2.
    public var minimumVersion: TLSVersion
    /// The newest version negotiated; nil for the newest this module supports.
    public var maximumVersion: TLSVersion?
    /// Client only: the server's name, sent as SNI (unless it is an IP address) and matched
    /// against the server certificate's subjectAltName under full verification.
    public var serverName: String?

    /// A configuration with every field given; see ``server(certificateChain:privateKey:trustRoots:requireClientCertificate:)``
    /// and ``client(trustRoots:serverName:certificateChain:privateKey:)`` for the usual ones.
    public init(
        role: Role,
        certificateChain: CertificateSource? = nil,
        privateKey: KeySource? = nil,
        trustRoots: TrustRoots? = nil,
        requireClientCertificate: Bool = true,
        certificateVerification: CertificateVerification = .fullVerification,
        minimumVersion: TLSVersion = .v1_3,
        maximumVersion: TLSVersion? = nil,
        serverName: String? = nil
    ) {
        self.role = role
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.trustRoots = trustRoots
        self.requireClientCertificate = requireClientCertificate
        self.certificateVerification = certificateVerification
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.serverName = serverName
    }

    /// A server: presents `certificateChain`, and verifies client certificates against
    /// `trustRoots` (required when `requireClientCertificate`).
    public static func server(
        certificateChain: CertificateSource, privateKey: KeySource, trustRoots: TrustRoots?,
        requireClientCertificate: Bool = true
    ) -> TLSConfiguration {
        TLSConfiguration(
            role: .server, certificateChain: certificateChain, privateKey: privateKey, trustRoots: trustRoots,
            requireClientCertificate: requireClientCertificate,
            certificateVerification: trustRoots == nil ? .none : .fullVerification)
    }

    /// A client: verifies the server against `trustRoots` and `serverName`, and presents
    /// `certificateChain` if given (the collector's mTLS identity).
    public static func client(
        trustRoots: TrustRoots, serverName: String?, certificateChain: CertificateSource? = nil,
        privateKey: KeySource? = nil
    ) -> TLSConfiguration {
        TLSConfiguration(
            role: .client, certificateChain: certificateChain, privateKey: privateKey, trustRoots: trustRoots,
            serverName: serverName)
    }
}
