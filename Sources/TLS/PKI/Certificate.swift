import COpenSSL

/// An X.509 certificate (an OpenSSL `X509`).
///
/// Immutable after creation; read-only queries on an `X509` are thread-safe in OpenSSL 3,
/// hence `@unchecked Sendable`.
public final class Certificate: @unchecked Sendable {
    /// The largest DER certificate accepted, checked before parsing.
    public static let maximumDERSize = 64 * 1024

    /// The owned `X509` (one reference), released in `deinit`.
    let pointer: OpaquePointer

    /// Takes ownership of one reference to `pointer`.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Shares `pointer`, taking a new reference to it.
    init(retaining pointer: OpaquePointer) {
        X509_up_ref(pointer)
        self.pointer = pointer
    }

    deinit {
        X509_free(pointer)
    }

    /// Parses one DER certificate; trailing bytes are an error.
    public convenience init(der: [UInt8]) throws {
        let x509 = try DER.decode(
            der, what: "certificate", errorCode: .invalidCertificate, maximumLength: Self.maximumDERSize,
            free: { X509_free($0) }
        ) { cursor, length in d2i_X509(nil, cursor, length) }
        self.init(taking: x509)
    }

    /// Parses the first certificate of a PEM document.
    public convenience init(pem: some Collection<UInt8>) throws {
        guard let first = try Self.chain(pem: pem).first else {
            throw TLSError(.invalidCertificate, "the PEM data holds no certificate")
        }
        self.init(retaining: first.pointer)
    }

    /// Reads the first certificate of a PEM file.
    public convenience init(pemFile path: String) throws {
        guard let first = try Self.chain(pemFile: path).first else {
            throw TLSError(.invalidCertificate, "\(path) holds no certificate")
        }
        self.init(retaining: first.pointer)
    }

    /// Parses every certificate of a PEM document, in order (a chain: leaf first). An empty
    /// result means the document held no `CERTIFICATE` block; a malformed block is an error.
    public static func chain(pem: some Collection<UInt8>) throws -> [Certificate] {
        let bio = try MemoryBIO(bytes: pem)
        var certificates: [Certificate] = []
        OpenSSLErrorQueue.clear()
        while let x509 = PEM_read_bio_X509(bio.pointer, nil, nil, nil) {
            certificates.append(Certificate(taking: x509))
        }
        // The loop ends with PEM_R_NO_START_LINE once the data is used up; anything else is a
        // malformed certificate.
        let last = ERR_peek_last_error()
        if last != 0 && pga_ERR_is_pem_no_start_line(last) == 0 {
            throw TLSError.openSSL(.invalidCertificate, "the PEM data holds a malformed certificate")
        }
        OpenSSLErrorQueue.clear()
        return certificates
    }

    /// Reads every certificate of a PEM file, in order.
    public static func chain(pemFile path: String) throws -> [Certificate] {
        do {
            return try chain(pem: FileIO.readFile(path: path))
        } catch var error as TLSError {
            if error.code != .fileIO { error.message += " (\(path))" }
            throw error
        }
    }

    /// The certificate in DER.
    public func derBytes() throws -> [UInt8] {
        try DER.encode("certificate", errorCode: .invalidCertificate) { i2d_X509(pointer, $0) }
    }

    /// The certificate in PEM (`-----BEGIN CERTIFICATE-----`).
    public func pemString() throws -> String {
        let bio = try MemoryBIO()
        OpenSSLErrorQueue.clear()
        guard PEM_write_bio_X509(bio.pointer, pointer) == 1 else {
            throw TLSError.openSSL(.invalidCertificate, "could not encode the certificate as PEM")
        }
        return bio.string()
    }

    /// Writes the certificate as PEM to `path` (mode 0644), atomically replacing any existing file.
    public func write(toFile path: String) throws {
        try Self.write([self], toFile: path)
    }

    /// Writes certificates as one PEM file (a chain, leaf first), atomically.
    public static func write(_ certificates: [Certificate], toFile path: String) throws {
        var text = ""
        for certificate in certificates { text += try certificate.pemString() }
        try FileIO.writeFile(Array(text.utf8), to: path, mode: FileIO.publicMode)
    }

    /// The subject's common name, if it has one.
    public var subjectCommonName: String? {
        DistinguishedName.commonName(of: X509_get_subject_name(pointer))
    }

    /// The issuer's common name, if it has one.
    public var issuerCommonName: String? {
        DistinguishedName.commonName(of: X509_get_issuer_name(pointer))
    }

    /// The subject in RFC 2253 form, for logs.
    public var subjectDescription: String {
        DistinguishedName.text(of: X509_get_subject_name(pointer))
    }

    /// The serial number as lowercase hexadecimal of its big-endian bytes (a "-" prefix if
    /// negative, which a conforming CA never issues).
    public var serialNumberHex: String {
        guard let serial = X509_get0_serialNumber(pointer) else { return "" }
        let length = Int(ASN1_STRING_length(serial))
        guard length > 0, let data = ASN1_STRING_get0_data(serial) else { return "00" }
        let hex = Hex.encode(UnsafeBufferPointer(start: data, count: length))
        return ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER ? "-" + hex : hex
    }

    /// The start of the validity period, in seconds since 1970-01-01 UTC.
    public var notBefore: Int64 {
        ASN1Time.unixSeconds(X509_get0_notBefore(pointer)) ?? 0
    }

    /// The end of the validity period, in seconds since 1970-01-01 UTC.
    public var notAfter: Int64 {
        ASN1Time.unixSeconds(X509_get0_notAfter(pointer)) ?? 0
    }

    /// The SHA-256 digest of the DER certificate, the usual certificate fingerprint.
    public func sha256Fingerprint() throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        OpenSSLErrorQueue.clear()
        guard X509_digest(pointer, EVP_sha256(), &digest, &length) == 1 else {
            throw TLSError.openSSL(.invalidCertificate, "could not compute the certificate's SHA-256 digest")
        }
        return Array(digest.prefix(Int(length)))
    }

    /// ``sha256Fingerprint()`` as lowercase hexadecimal.
    public func sha256FingerprintHex() throws -> String {
        Hex.encode(try sha256Fingerprint())
    }

    /// Whether the certificate's basicConstraints say it is a CA.
    public var isCertificateAuthority: Bool {
        X509_check_ca(pointer) != 0
    }

    /// Whether `key` is the private key for this certificate's public key.
    public func matches(_ key: PrivateKey) -> Bool {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        return X509_check_private_key(pointer, key.pointer) == 1
    }

    /// Whether `issuer`'s key signed this certificate (the signature only; not dates or policy).
    public func isSigned(by issuer: Certificate) -> Bool {
        guard let key = X509_get0_pubkey(issuer.pointer) else { return false }
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        return X509_verify(pointer, key) == 1
    }

    /// The certificate's details as the TLS handshake reports them.
    public var info: PeerCertificateInfo {
        PeerCertificateInfo(
            commonName: subjectCommonName,
            serialNumberHex: serialNumberHex,
            notBefore: notBefore,
            notAfter: notAfter,
            sha256FingerprintHex: (try? sha256FingerprintHex()) ?? "")
    }
}

extension Certificate: Equatable {
    /// Two certificates are equal when they are the same certificate (byte-identical DER).
    public static func == (lhs: Certificate, rhs: Certificate) -> Bool {
        X509_cmp(lhs.pointer, rhs.pointer) == 0
    }
}
