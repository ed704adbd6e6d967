import TLS

/// How the backend enrols collectors.
public struct RegistrarConfiguration: Sendable {
    /// The installation's registration secret; nil disables REGISTER (RENEW still works).
    public var secret: String?
    /// How long the certificates it issues are valid.
    public var certificateValidity: CertificateValidity
    /// REGISTER attempts per peer address (IP, without port).
    public var perPeerLimit: RateLimit
    /// REGISTER attempts from all peers together.
    public var globalLimit: RateLimit
    /// RENEW attempts per collector.
    public var renewLimit: RateLimit

    /// The shortest registration secret accepted: 16 bytes.
    public static let minimumSecretLength = 16

    public init(secret: String?, certificateValidity: CertificateValidity = CertificateAuthority.defaultClientValidity,
                perPeerLimit: RateLimit = RateLimit(burst: 5, perMinute: 6),
                globalLimit: RateLimit = RateLimit(burst: 60, perMinute: 600),
                renewLimit: RateLimit = RateLimit(burst: 3, perMinute: 1)) {
        self.secret = secret
        self.certificateValidity = certificateValidity
        self.perPeerLimit = perPeerLimit
        self.globalLimit = globalLimit
        self.renewLimit = renewLimit
    }
}
