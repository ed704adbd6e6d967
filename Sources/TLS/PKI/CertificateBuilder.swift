import COpenSSL

/// Assembles and signs one X.509 v3 certificate. Internal to the CA.
///
/// Owns the `X509` under construction until ``sign(with:)`` hands it to a ``Certificate``; if
/// building fails part-way, `deinit` frees it.
final class CertificateBuilder {
    private var x509: OpaquePointer?
    private let issuer: Certificate?

    /// Starts a certificate for `publicKey` named `CN=commonName`, issued by `issuer` (nil for a
    /// self-signed certificate), valid over `validity`, with a fresh random serial number.
    init(
        commonName: String, publicKey: OpaquePointer, issuer: Certificate?,
        validity: (notBefore: Int64, notAfter: Int64)
    ) throws {
        self.issuer = issuer
        OpenSSLErrorQueue.clear()
        guard let x509 = X509_new() else {
            throw TLSError.openSSL(.internalError, "X509_new failed")
        }
        self.x509 = x509
        let subject = try DistinguishedName.make(commonName: commonName)
        defer { X509_NAME_free(subject) }
        let issuerName = issuer.map { X509_get_subject_name($0.pointer) } ?? subject
        guard X509_set_version(x509, 2) == 1,  // X.509 v3, encoded as 2
            X509_set_subject_name(x509, subject) == 1,
            X509_set_issuer_name(x509, issuerName) == 1,
            X509_set_pubkey(x509, publicKey) == 1
        else {
            throw TLSError.openSSL(.certificateIssuance, "could not fill in the certificate")
        }
        try Self.setRandomSerialNumber(x509)
        try ASN1Time.set(X509_getm_notBefore(x509), unixSeconds: validity.notBefore)
        try ASN1Time.set(X509_getm_notAfter(x509), unixSeconds: validity.notAfter)
    }

    deinit {
        if let x509 { X509_free(x509) }
    }

    /// Adds a standard extension from its OpenSSL configuration text, e.g.
    /// (`NID_basic_constraints`, `"critical,CA:TRUE"`). Values are fixed strings of this module,
    /// never caller input.
    func addExtension(_ nid: Int32, _ value: String) throws {
        guard let x509 else { throw TLSError(.internalError, "the certificate was already signed") }
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer?.pointer ?? x509, x509, nil, nil, 0)
        OpenSSLErrorQueue.clear()
        guard let extensionPointer = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
            throw TLSError.openSSL(.certificateIssuance, "could not make the extension \(value)")
        }
        defer { X509_EXTENSION_free(extensionPointer) }
        guard X509_add_ext(x509, extensionPointer, -1) == 1 else {
            throw TLSError.openSSL(.certificateIssuance, "could not add the extension \(value)")
        }
    }

    /// Adds a subjectAltName extension listing `names`, built structurally (never from text that a
    /// crafted name could inject options into).
    func addSubjectAlternativeNames(_ names: [SubjectAlternativeName]) throws {
        guard let x509 else { throw TLSError(.internalError, "the certificate was already signed") }
        guard !names.isEmpty else { return }
        OpenSSLErrorQueue.clear()
        guard let list = pga_GENERAL_NAMES_new_null() else {
            throw TLSError.openSSL(.internalError, "could not allocate a name list")
        }
        defer { GENERAL_NAMES_free(list) }
        for name in names {
            let generalName = try Self.makeGeneralName(name)
            guard pga_GENERAL_NAMES_push(list, generalName) > 0 else {
                GENERAL_NAME_free(generalName)
                throw TLSError.openSSL(.internalError, "could not add \(name) to the name list")
            }
        }
        guard X509_add1_ext_i2d(x509, NID_subject_alt_name, UnsafeMutableRawPointer(list), 0, UInt(X509V3_ADD_DEFAULT)) == 1 else {
            throw TLSError.openSSL(.certificateIssuance, "could not add the subjectAltName extension")
        }
    }

    /// Signs with `key` (SHA-256) and returns the finished certificate.
    func sign(with key: PrivateKey) throws -> Certificate {
        guard let x509 else { throw TLSError(.internalError, "the certificate was already signed") }
        OpenSSLErrorQueue.clear()
        guard X509_sign(x509, key.pointer, EVP_sha256()) > 0 else {
            throw TLSError.openSSL(.certificateIssuance, "could not sign the certificate")
        }
        self.x509 = nil
        return Certificate(taking: x509)
    }

    /// A positive 128-bit serial from the CSPRNG (RFC 5280 asks for at least 64 unpredictable bits).
    private static func setRandomSerialNumber(_ x509: OpaquePointer) throws {
        var bytes = [UInt8](repeating: 0, count: 16)
        repeat {
            OpenSSLErrorQueue.clear()
            guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else {
                throw TLSError.openSSL(.internalError, "RAND_bytes failed")
            }
        } while bytes.allSatisfy { $0 == 0 }
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else {
            throw TLSError.openSSL(.internalError, "BN_bin2bn failed")
        }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(x509)) != nil else {
            throw TLSError.openSSL(.certificateIssuance, "could not set the serial number")
        }
    }

    /// One `GENERAL_NAME` (DNS or IP). The caller owns the result.
    private static func makeGeneralName(_ name: SubjectAlternativeName) throws -> UnsafeMutablePointer<GENERAL_NAME> {
        OpenSSLErrorQueue.clear()
        guard let generalName = GENERAL_NAME_new() else {
            throw TLSError.openSSL(.internalError, "GENERAL_NAME_new failed")
        }
        switch name {
        case .dns(let host):
            do {
                try SubjectAlternativeName.validate(dnsName: host)
            } catch {
                GENERAL_NAME_free(generalName)
                throw error
            }
            guard let text = ASN1_IA5STRING_new() else {
                GENERAL_NAME_free(generalName)
                throw TLSError.openSSL(.internalError, "ASN1_IA5STRING_new failed")
            }
            let bytes = Array(host.utf8)
            guard ASN1_STRING_set(text, bytes, Int32(bytes.count)) == 1 else {
                ASN1_IA5STRING_free(text)
                GENERAL_NAME_free(generalName)
                throw TLSError.openSSL(.internalError, "ASN1_STRING_set failed")
            }
            GENERAL_NAME_set0_value(generalName, GEN_DNS, UnsafeMutableRawPointer(text))
        case .ipAddress(let address):
            guard SubjectAlternativeName.isIPAddress(address), let octets = a2i_IPADDRESS(address) else {
                OpenSSLErrorQueue.clear()
                GENERAL_NAME_free(generalName)
                throw TLSError(.invalidArgument, "\"\(address)\" is not an IPv4 or IPv6 address")
            }
            GENERAL_NAME_set0_value(generalName, GEN_IPADD, UnsafeMutableRawPointer(octets))
        }
        return generalName
    }
}
