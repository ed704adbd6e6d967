import COpenSSL

/// A private key (an OpenSSL `EVP_PKEY`).
///
/// Keys are made where they are used and never leave that host (design invariant 7): the
/// collector generates its key and sends only a CSR; the backend generates its CA and server keys.
/// Written to disk only through ``write(toFile:)``, which creates the file with mode 0600.
///
/// Immutable after creation; OpenSSL allows an `EVP_PKEY` to be used from several threads at
/// once for signing and for `SSL_CTX` setup, hence `@unchecked Sendable`.
public final class PrivateKey: @unchecked Sendable {
    /// The owned `EVP_PKEY`, freed in `deinit`.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Generates a new EC key on the NIST P-256 curve (prime256v1).
    public static func generateP256() throws -> PrivateKey {
        OpenSSLErrorQueue.clear()
        guard let key = pga_EVP_EC_gen("P-256") else {
            throw TLSError.openSSL(.keyGeneration, "EC P-256 key generation failed")
        }
        return PrivateKey(taking: key)
    }

    /// Parses a PEM private key (PKCS#8 `PRIVATE KEY`, or the traditional `EC PRIVATE KEY` /
    /// `RSA PRIVATE KEY`). Encrypted keys are refused: there is no passphrase to give.
    public convenience init(pem: some Collection<UInt8>) throws {
        let bio = try MemoryBIO(bytes: pem)
        OpenSSLErrorQueue.clear()
        // The callback refuses to supply a passphrase, so an encrypted key fails instead of
        // OpenSSL prompting on the terminal.
        guard let key = PEM_read_bio_PrivateKey(bio.pointer, nil, { _, _, _, _ in 0 }, nil) else {
            throw TLSError.openSSL(.invalidKey, "the PEM data does not hold an unencrypted private key")
        }
        self.init(taking: key)
    }

    /// Reads a PEM private key file.
    public convenience init(pemFile path: String) throws {
        var bytes = try FileIO.readFile(path: path)
        defer { wipe(&bytes) }
        do {
            try self.init(pem: bytes)
        } catch var error as TLSError {
            error.message += " (\(path))"
            throw error
        }
    }

    /// The key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    ///
    /// Handle with care: prefer ``write(toFile:)``, which never lets the file be readable by others.
    public func pemBytes() throws -> [UInt8] {
        let bio = try MemoryBIO()
        OpenSSLErrorQueue.clear()
        guard PEM_write_bio_PrivateKey(bio.pointer, pointer, nil, nil, 0, nil, nil) == 1 else {
            throw TLSError.openSSL(.invalidKey, "could not encode the private key as PEM")
        }
        return bio.contents()
    }

    /// Writes the key as PKCS#8 PEM to `path` with file mode 0600, atomically replacing any
    /// existing file. The file is created with that mode, so it is never readable by others.
    public func write(toFile path: String) throws {
        var bytes = try pemBytes()
        defer { wipe(&bytes) }
        try FileIO.writeFile(bytes, to: path, mode: FileIO.privateMode)
    }

    /// The public half, DER `SubjectPublicKeyInfo`.
    public func publicKeyDER() throws -> [UInt8] {
        try DER.encode("public key", errorCode: .invalidKey) { i2d_PUBKEY(pointer, $0) }
    }

    /// The key's security strength in bits as OpenSSL rates it (128 for P-256, 112 for RSA-2048).
    public var securityBits: Int {
        Int(EVP_PKEY_get_security_bits(pointer))
    }
}

/// Overwrites key material in a buffer before it is released.
func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { raw in
        guard let base = raw.baseAddress else { return }
        OPENSSL_cleanse(base, raw.count)
    }
}
