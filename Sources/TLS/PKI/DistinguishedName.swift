import COpenSSL

/// Building and reading the X.509 names this module uses: a subject with a single common name.
enum DistinguishedName {
    /// The longest common name X.520 allows (`ub-common-name`).
    static let maximumCommonNameLength = 64

    /// Checks that `commonName` can be a certificate's subject CN.
    static func validate(commonName: String, what: String) throws {
        guard !commonName.isEmpty else {
            throw TLSError(.invalidArgument, "the \(what) is empty")
        }
        guard commonName.utf8.count <= maximumCommonNameLength else {
            throw TLSError(
                .invalidArgument,
                "the \(what) is \(commonName.utf8.count) bytes, more than the \(maximumCommonNameLength) a common name may hold")
        }
        guard !commonName.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw TLSError(.invalidArgument, "the \(what) contains a control character")
        }
    }

    /// A new `X509_NAME` holding `CN=commonName` (UTF-8). The caller owns the result.
    static func make(commonName: String) throws -> OpaquePointer {
        try validate(commonName: commonName, what: "common name")
        OpenSSLErrorQueue.clear()
        guard let name = X509_NAME_new() else {
            throw TLSError.openSSL(.internalError, "X509_NAME_new failed")
        }
        let added = Array(commonName.utf8).withUnsafeBufferPointer { bytes in
            X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8, bytes.baseAddress, Int32(bytes.count), -1, 0)
        }
        guard added == 1 else {
            X509_NAME_free(name)
            throw TLSError.openSSL(.invalidArgument, "could not put \"\(commonName)\" in a certificate name")
        }
        return name
    }

    /// The common name in `name`, decoded to UTF-8; nil if there is none, more than one (an
    /// ambiguous identity), or it is not clean text.
    static func commonName(of name: OpaquePointer?) -> String? {
        guard let name else { return nil }
        let position = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard position >= 0, X509_NAME_get_index_by_NID(name, NID_commonName, position) < 0 else { return nil }
        guard let entry = X509_NAME_get_entry(name, position), let data = X509_NAME_ENTRY_get_data(entry) else {
            return nil
        }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        defer { pga_OPENSSL_free(utf8) }
        let bytes = UnsafeBufferPointer(start: utf8, count: Int(length))
        // A NUL inside a common name is a classic spoofing trick; refuse to return it.
        guard !bytes.contains(0) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The whole name in RFC 2253 form (`CN=a,O=b`), for information and logs.
    static func text(of name: OpaquePointer?) -> String {
        guard let name, let bio = try? MemoryBIO() else { return "" }
        guard X509_NAME_print_ex(bio.pointer, name, 0, pga_XN_FLAG_RFC2253()) >= 0 else { return "" }
        return bio.string()
    }
}
