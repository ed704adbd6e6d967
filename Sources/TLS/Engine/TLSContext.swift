import COpenSSL

/// A configured OpenSSL `SSL_CTX`: certificates, key, trust roots, versions and policy, shared by
/// every connection of a listener or client.
///
/// Made once from a ``TLSConfiguration``; each connection gets its own ``TLSEngine`` from
/// ``makeEngine(serverName:)``. The `SSL_CTX` is not changed after `init`, and OpenSSL allows
/// creating `SSL` objects from one context on many threads, hence `@unchecked Sendable`.
public final class TLSContext: @unchecked Sendable {
    /// The configuration this context was made from.
    public let configuration: TLSConfiguration
    /// The owned `SSL_CTX`, freed in `deinit`.
    let pointer: OpaquePointer

    /// TLS 1.2 cipher suites: forward-secret AEAD only. (TLS 1.3 suites are all AEAD.)
    static let tls12CipherList = "ECDHE+AESGCM:ECDHE+CHACHA20"

    /// Applies `configuration` to a new OpenSSL context; fails with
    /// ``TLSError/Code-swift.struct/configuration`` naming what is wrong or missing.
    public init(configuration: TLSConfiguration) throws {
        try Self.validate(configuration)
        OpenSSLErrorQueue.clear()
        let method = configuration.role == .server ? TLS_server_method() : TLS_client_method()
        guard let context = SSL_CTX_new(method) else {
            throw TLSError.openSSL(.internalError, "SSL_CTX_new failed")
        }
        self.pointer = context
        self.configuration = configuration
        try applyProtocolPolicy()
        try applyIdentity()
        try applyVerification()
    }

    deinit {
        SSL_CTX_free(pointer)
    }

    /// A new connection's engine. `serverName` (client only) overrides the configuration's.
    public func makeEngine(serverName: String? = nil) throws -> TLSEngine {
        try TLSEngine(context: self, serverName: serverName ?? configuration.serverName)
    }

    private static func validate(_ configuration: TLSConfiguration) throws {
        if let maximum = configuration.maximumVersion, maximum < configuration.minimumVersion {
            throw TLSError(
                .configuration, "maximum version \(maximum) is below minimum version \(configuration.minimumVersion)")
        }
        if (configuration.certificateChain == nil) != (configuration.privateKey == nil) {
            throw TLSError(.configuration, "a certificate chain and a private key must be given together")
        }
        if configuration.role == .server && configuration.certificateChain == nil {
            throw TLSError(.configuration, "a server needs a certificate chain and a private key")
        }
        if configuration.certificateVerification != .none && configuration.trustRoots == nil {
            throw TLSError(.configuration, "verifying the peer needs trust roots")
        }
        if configuration.role == .server && configuration.requireClientCertificate
            && configuration.certificateVerification == .none
        {
            throw TLSError(.configuration, "requiring client certificates needs certificate verification")
        }
    }

    private func applyProtocolPolicy() throws {
        OpenSSLErrorQueue.clear()
        guard pga_SSL_CTX_set_min_proto_version(pointer, configuration.minimumVersion.openSSLValue) == 1,
            pga_SSL_CTX_set_max_proto_version(pointer, configuration.maximumVersion?.openSSLValue ?? 0) == 1
        else {
            throw TLSError.openSSL(.configuration, "could not set the protocol versions")
        }
        guard SSL_CTX_set_cipher_list(pointer, Self.tls12CipherList) == 1 else {
            throw TLSError.openSSL(.configuration, "could not set the TLS 1.2 cipher list")
        }
        var options = pga_SSL_OP_NO_RENEGOTIATION() | pga_SSL_OP_NO_COMPRESSION()
        if configuration.role == .server {
            // No session tickets and no session cache: every connection authenticates afresh,
            // and the server keeps no per-client state between connections.
            options |= pga_SSL_OP_NO_TICKET()
            _ = SSL_CTX_set_num_tickets(pointer, 0)
            _ = pga_SSL_CTX_set_session_cache_mode(pointer, pga_SSL_SESS_CACHE_OFF())
        }
        _ = pga_SSL_CTX_set_options(pointer, options)
        // Free the record buffers of idle connections (bounded memory per connection).
        _ = pga_SSL_CTX_set_mode(pointer, pga_SSL_MODE_RELEASE_BUFFERS())
    }

    private func applyIdentity() throws {
        guard let chainSource = configuration.certificateChain, let keySource = configuration.privateKey else {
            return
        }
        let chain = try Self.load(chainSource)
        guard let leaf = chain.first else {
            throw TLSError(.configuration, "the certificate chain holds no certificate")
        }
        let key = try Self.load(keySource)
        OpenSSLErrorQueue.clear()
        guard SSL_CTX_use_certificate(pointer, leaf.pointer) == 1 else {
            throw TLSError.openSSL(.configuration, "could not use the certificate \(leaf.subjectDescription)")
        }
        for intermediate in chain.dropFirst() {
            guard pga_SSL_CTX_add1_chain_cert(pointer, intermediate.pointer) == 1 else {
                throw TLSError.openSSL(.configuration, "could not add \(intermediate.subjectDescription) to the chain")
            }
        }
        guard SSL_CTX_use_PrivateKey(pointer, key.pointer) == 1, SSL_CTX_check_private_key(pointer) == 1 else {
            throw TLSError.openSSL(.configuration, "the private key does not match the certificate \(leaf.subjectDescription)")
        }
    }

    private func applyVerification() throws {
        if let roots = configuration.trustRoots {
            OpenSSLErrorQueue.clear()
            if case .systemDefault = roots {
                guard SSL_CTX_set_default_verify_paths(pointer) == 1 else {
                    throw TLSError.openSSL(.configuration, "could not load the system trust store")
                }
            } else {
                let certificates = try Self.load(roots)
                guard !certificates.isEmpty else {
                    throw TLSError(.configuration, "the trust roots hold no certificate")
                }
                let store = SSL_CTX_get_cert_store(pointer)
                for certificate in certificates {
                    guard X509_STORE_add_cert(store, certificate.pointer) == 1 else {
                        throw TLSError.openSSL(.configuration, "could not trust \(certificate.subjectDescription)")
                    }
                    // Tell clients which CAs the server accepts, so they pick the right certificate.
                    if configuration.role == .server {
                        _ = SSL_CTX_add_client_CA(pointer, certificate.pointer)
                    }
                }
            }
        }
        var mode: Int32
        switch configuration.certificateVerification {
        case .none:
            mode = SSL_VERIFY_NONE
        case .fullVerification, .noHostnameVerification:
            mode = SSL_VERIFY_PEER
            if configuration.role == .server && configuration.requireClientCertificate {
                mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT
            }
        }
        SSL_CTX_set_verify(pointer, mode, nil)
    }

    private static func load(_ source: TLSConfiguration.CertificateSource) throws -> [Certificate] {
        switch source {
        case .file(let path): try Certificate.chain(pemFile: path)
        case .pem(let bytes): try Certificate.chain(pem: bytes)
        case .certificates(let certificates): certificates
        }
    }

    private static func load(_ source: TLSConfiguration.TrustRoots) throws -> [Certificate] {
        switch source {
        case .systemDefault: []
        case .file(let path): try Certificate.chain(pemFile: path)
        case .pem(let bytes): try Certificate.chain(pem: bytes)
        case .certificates(let certificates): certificates
        }
    }

    private static func load(_ source: TLSConfiguration.KeySource) throws -> PrivateKey {
        switch source {
        case .file(let path): try PrivateKey(pemFile: path)
        case .pem(let bytes): try PrivateKey(pem: bytes)
        case .key(let key): key
        }
    }
}
