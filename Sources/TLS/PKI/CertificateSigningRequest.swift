import COpenSSL

/// A PKCS#10 certificate signing request (an OpenSSL `X509_REQ`).
///
/// The collector makes one from its own key at enrolment (REGISTER) and renewal (RENEW) and sends
/// it to the backend, so the private key never leaves the collector host (design invariant 7).
/// The CA decides the certificate's subject itself; the requested subject is informational.
public final class CertificateSigningRequest: @unchecked Sendable {
    /// The largest DER request accepted, as the protocol allows (sections 6.7, 6.9).
    public static let maximumDERSize = 16 * 1024

    /// The owned `X509_REQ`, freed in `deinit`. Immutable after creation.
    let pointer: OpaquePointer

    private init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_REQ_free(pointer)
    }

    /// Creates a request for `key`'s public key with subject `CN=commonName`, signed with `key`
    /// (SHA-256).
    public convenience init(commonName: String, key: PrivateKey) throws {
        OpenSSLErrorQueue.clear()
        guard let request = X509_REQ_new() else {
            throw TLSError.openSSL(.internalError, "X509_REQ_new failed")
        }
        self.init(taking: request)
        let name = try DistinguishedName.make(commonName: commonName)
        defer { X509_NAME_free(name) }
        guard X509_REQ_set_version(request, 0) == 1,  // PKCS#10 version 1, encoded as 0
            X509_REQ_set_subject_name(request, name) == 1,
            X509_REQ_set_pubkey(request, key.pointer) == 1
        else {
            throw TLSError.openSSL(.invalidCSR, "could not fill in the certificate signing request")
        }
        guard X509_REQ_sign(request, key.pointer, EVP_sha256()) > 0 else {
            throw TLSError.openSSL(.invalidCSR, "could not sign the certificate signing request")
        }
    }

    /// Parses a DER request of at most ``maximumDERSize`` bytes; trailing bytes are an error.
    /// Parsing does not verify the signature: call ``verifySignature()`` (the CA always does).
    public convenience init(der: [UInt8]) throws {
        let request = try DER.decode(
            der, what: "certificate signing request", errorCode: .invalidCSR,
            maximumLength: Self.maximumDERSize, free: { X509_REQ_free($0) }
        ) { cursor, length in d2i_X509_REQ(nil, cursor, length) }
        self.init(taking: request)
    }

    /// Parses a PEM request (`-----BEGIN CERTIFICATE REQUEST-----`).
    public convenience init(pem: some Collection<UInt8>) throws {
        guard pem.count <= 2 * Self.maximumDERSize else {
            throw TLSError(.invalidCSR, "the PEM certificate signing request is \(pem.count) bytes, too large")
        }
        let bio = try MemoryBIO(bytes: pem)
        OpenSSLErrorQueue.clear()
        guard let request = PEM_read_bio_X509_REQ(bio.pointer, nil, nil, nil) else {
            throw TLSError.openSSL(.invalidCSR, "the PEM data holds no valid certificate signing request")
        }
        self.init(taking: request)
    }

    /// The request in DER, as REGISTER and RENEW carry it.
    public func derBytes() throws -> [UInt8] {
        try DER.encode("certificate signing request", errorCode: .invalidCSR) { i2d_X509_REQ(pointer, $0) }
    }

    /// The request in PEM.
    public func pemString() throws -> String {
        let bio = try MemoryBIO()
        OpenSSLErrorQueue.clear()
        guard PEM_write_bio_X509_REQ(bio.pointer, pointer) == 1 else {
            throw TLSError.openSSL(.invalidCSR, "could not encode the certificate signing request as PEM")
        }
        return bio.string()
    }

    /// The requested subject's common name (informational only: the CA chooses the real one).
    public var subjectCommonName: String? {
        DistinguishedName.commonName(of: X509_REQ_get_subject_name(pointer))
    }

    /// The requested subject in RFC 2253 form.
    public var subjectDescription: String {
        DistinguishedName.text(of: X509_REQ_get_subject_name(pointer))
    }

    /// Checks the request's self-signature: it proves the requester holds the private key for
    /// the public key inside, and that the request was not altered after signing.
    public func verifySignature() throws {
        OpenSSLErrorQueue.clear()
        guard let key = X509_REQ_get0_pubkey(pointer) else {
            throw TLSError.openSSL(.invalidCSR, "the certificate signing request has no usable public key")
        }
        guard X509_REQ_verify(pointer, key) == 1 else {
            throw TLSError.openSSL(
                .csrSignatureInvalid, "the certificate signing request's signature does not verify")
        }
    }

    /// The requested public key, DER `SubjectPublicKeyInfo` (compare with
    /// ``PrivateKey/publicKeyDER()`` to check whose key a request carries).
    public func publicKeyDER() throws -> [UInt8] {
        OpenSSLErrorQueue.clear()
        guard let key = X509_REQ_get0_pubkey(pointer) else {
            throw TLSError.openSSL(.invalidCSR, "the certificate signing request has no usable public key")
        }
        return try DER.encode("public key", errorCode: .invalidCSR) { i2d_PUBKEY(key, $0) }
    }

    /// The security strength of the requested public key, in bits (0 if there is no usable key).
    public var publicKeySecurityBits: Int {
        guard let key = X509_REQ_get0_pubkey(pointer) else {
            OpenSSLErrorQueue.clear()
            return 0
        }
        return Int(EVP_PKEY_get_security_bits(key))
    }
}
