import COpenSSL

/// The backend's certificate authority: it issues the backend's own server certificate and signs
/// collectors' CSRs into client certificates whose subject CN is the collector id
/// (design invariants 4 and 7).
///
/// Immutable after creation and safe to share between connections.
public final class CertificateAuthority: Sendable {
    /// The CA certificate, which collectors trust for the backend and the backend trusts for
    /// collectors.
    public let certificate: Certificate
    private let key: PrivateKey

    /// The default validity of a new CA: ten years.
    public static let defaultCAValidity = CertificateValidity.days(3650)
    /// The default validity of a collector's client certificate.
    public static let defaultClientValidity = CertificateValidity.days(90)
    /// The default validity of the backend's server certificate.
    public static let defaultServerValidity = CertificateValidity.days(397)
    /// Requests with public keys weaker than this (bits of security) are refused.
    public static let minimumKeySecurityBits = 112

    /// Uses an existing CA certificate and its key; fails if they do not belong together or the
    /// certificate is not a CA.
    public init(certificate: Certificate, key: PrivateKey) throws {
        guard certificate.matches(key) else {
            throw TLSError(.invalidKey, "the CA private key does not match the CA certificate")
        }
        guard certificate.isCertificateAuthority else {
            throw TLSError(.invalidCertificate, "the certificate \(certificate.subjectDescription) is not a CA")
        }
        self.certificate = certificate
        self.key = key
    }

    /// Creates a new self-signed CA with a fresh P-256 key: CA:TRUE, keyUsage keyCertSign and
    /// cRLSign, ten years by default.
    public static func create(
        commonName: String = "pgAnalytics CA", validity: CertificateValidity = defaultCAValidity
    ) throws -> CertificateAuthority {
        let key = try PrivateKey.generateP256()
        let builder = try CertificateBuilder(
            commonName: commonName, publicKey: key.pointer, issuer: nil,
            validity: validity.resolve(now: ASN1Time.now()))
        try builder.addExtension(NID_basic_constraints, "critical,CA:TRUE")
        try builder.addExtension(NID_key_usage, "critical,keyCertSign,cRLSign")
        try builder.addExtension(NID_subject_key_identifier, "hash")
        try builder.addExtension(NID_authority_key_identifier, "keyid:always")
        return try CertificateAuthority(certificate: builder.sign(with: key), key: key)
    }

    /// Loads a CA from its PEM certificate and PEM key files.
    public static func load(certificatePath: String, keyPath: String) throws -> CertificateAuthority {
        try CertificateAuthority(certificate: Certificate(pemFile: certificatePath), key: PrivateKey(pemFile: keyPath))
    }

    /// Saves the CA as a PEM certificate file (mode 0644) and a PEM key file (mode 0600).
    public func save(certificatePath: String, keyPath: String) throws {
        try key.write(toFile: keyPath)
        try certificate.write(toFile: certificatePath)
    }

    /// Issues a server certificate for `key`: serverAuth, digitalSignature, valid for `names`
    /// (which a client's hostname verification matches), subject `CN=commonName`.
    public func issueServerCertificate(
        commonName: String, subjectAlternativeNames names: [SubjectAlternativeName], key serverKey: PrivateKey,
        validity: CertificateValidity = defaultServerValidity
    ) throws -> IssuedCertificate {
        guard !names.isEmpty else {
            throw TLSError(.invalidArgument, "a server certificate needs at least one subject alternative name")
        }
        let builder = try CertificateBuilder(
            commonName: commonName, publicKey: serverKey.pointer, issuer: certificate,
            validity: validity.resolve(now: ASN1Time.now()))
        try builder.addSubjectAlternativeNames(names)
        try addLeafExtensions(to: builder, extendedKeyUsage: "serverAuth")
        let issued = try builder.sign(with: key)
        return try IssuedCertificate(certificate: issued, commonName: commonName, requestedSubject: "")
    }

    /// Signs a collector's CSR into its client certificate.
    ///
    /// The request's self-signature is verified first (a tampered request is refused with
    /// ``TLSError/Code-swift.struct/csrSignatureInvalid``). The subject is `CN=collectorID`
    /// whatever the request asked for; the requested subject is only reported back. The
    /// certificate has a random 128-bit serial, clientAuth, digitalSignature, CA:FALSE and key
    /// identifiers.
    public func signClientCertificate(
        request: CertificateSigningRequest, collectorID: String, validity: CertificateValidity = defaultClientValidity
    ) throws -> IssuedCertificate {
        try DistinguishedName.validate(commonName: collectorID, what: "collector id")
        try request.verifySignature()
        guard request.publicKeySecurityBits >= Self.minimumKeySecurityBits else {
            throw TLSError(
                .invalidCSR,
                "the requested key offers \(request.publicKeySecurityBits) bits of security, fewer than \(Self.minimumKeySecurityBits)")
        }
        guard let publicKey = X509_REQ_get0_pubkey(request.pointer) else {
            throw TLSError.openSSL(.invalidCSR, "the certificate signing request has no usable public key")
        }
        let builder = try CertificateBuilder(
            commonName: collectorID, publicKey: publicKey, issuer: certificate,
            validity: validity.resolve(now: ASN1Time.now()))
        try addLeafExtensions(to: builder, extendedKeyUsage: "clientAuth")
        let issued = try builder.sign(with: key)
        return try IssuedCertificate(
            certificate: issued, commonName: collectorID, requestedSubject: request.subjectDescription)
    }

    private func addLeafExtensions(to builder: CertificateBuilder, extendedKeyUsage: String) throws {
        try builder.addExtension(NID_basic_constraints, "critical,CA:FALSE")
        try builder.addExtension(NID_key_usage, "critical,digitalSignature")
        try builder.addExtension(NID_ext_key_usage, extendedKeyUsage)
        try builder.addExtension(NID_subject_key_identifier, "hash")
        try builder.addExtension(NID_authority_key_identifier, "keyid:always")
    }
}
