import COpenSSL

/// One TLS connection's state machine: an OpenSSL `SSL` between two memory BIOs.
///
/// Pure: it does no I/O. Ciphertext from the network goes in with ``feedCiphertext(_:)``;
/// ciphertext for the network comes out of ``drainCiphertext(into:)``; plaintext goes through
/// ``writePlaintext(_:)`` and ``readPlaintext(into:)``. After every call, drain the ciphertext: a
/// handshake step, a read (a TLS 1.3 key update) or a failure (an alert) can all produce some.
///
/// Not thread-safe: one connection, one thread at a time (its event loop).
public final class TLSEngine {
    /// Where the connection is.
    public enum State: Hashable, Sendable {
        /// The handshake has not completed.
        case handshaking
        /// The handshake completed; application data flows.
        case established
        /// close_notify was sent or received.
        case closed
        /// A fatal error happened; only draining the pending alert is still allowed.
        case failed
    }

    /// What a handshake step achieved.
    public enum HandshakeResult: Hashable, Sendable {
        /// The handshake is done; the peer is authenticated as configured.
        case complete
        /// Drain the ciphertext, send it, and call again when more arrives.
        case wantsMoreData
    }

    /// What a plaintext read produced.
    public enum ReadResult: Hashable, Sendable {
        /// This many plaintext bytes were read.
        case bytes(Int)
        /// No complete record is buffered; feed more ciphertext.
        case wantsMoreData
        /// The peer sent close_notify: no more data will come.
        case closed
    }

    /// The connection's current state.
    public private(set) var state: State = .handshaking
    /// Whether the peer has sent close_notify.
    public private(set) var receivedCloseNotify = false
    /// Whether this side has sent close_notify.
    public private(set) var sentCloseNotify = false

    private let context: TLSContext
    private let ssl: OpaquePointer
    /// Ciphertext from the network; owned by `ssl`.
    private let networkIn: OpaquePointer
    /// Ciphertext for the network; owned by `ssl`.
    private let networkOut: OpaquePointer

    /// A new client or server connection (per `context`'s role). A client verifies the server's
    /// name against `serverName` under full verification, and sends it as SNI unless it is an IP
    /// address.
    init(context: TLSContext, serverName: String?) throws {
        self.context = context
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.pointer) else {
            throw TLSError.openSSL(.internalError, "SSL_new failed")
        }
        guard let networkIn = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw TLSError.openSSL(.internalError, "BIO_new failed")
        }
        guard let networkOut = BIO_new(BIO_s_mem()) else {
            BIO_free(networkIn)
            SSL_free(ssl)
            throw TLSError.openSSL(.internalError, "BIO_new failed")
        }
        _ = pga_BIO_set_mem_eof_return(networkIn, -1)
        _ = pga_BIO_set_mem_eof_return(networkOut, -1)
        // The SSL takes ownership of both BIOs; freeing it frees them.
        SSL_set_bio(ssl, networkIn, networkOut)
        self.ssl = ssl
        self.networkIn = networkIn
        self.networkOut = networkOut

        switch context.configuration.role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client:
            SSL_set_connect_state(ssl)
            try configureServerName(serverName)
        }
    }

    deinit {
        SSL_free(ssl)
    }

    private func configureServerName(_ serverName: String?) throws {
        let verification = context.configuration.certificateVerification
        guard let serverName, !serverName.isEmpty else {
            if verification == .fullVerification {
                throw TLSError(.configuration, "full verification of the server needs a server name")
            }
            return
        }
        let isAddress = SubjectAlternativeName.isIPAddress(serverName)
        OpenSSLErrorQueue.clear()
        // SNI carries host names only (RFC 6066 section 3).
        if !isAddress && pga_SSL_set_tlsext_host_name(ssl, serverName) != 1 {
            throw TLSError.openSSL(.configuration, "could not set the server name \(serverName)")
        }
        guard verification == .fullVerification else { return }
        let parameters = SSL_get0_param(ssl)
        let accepted: Int32
        if isAddress {
            accepted = X509_VERIFY_PARAM_set1_ip_asc(parameters, serverName)
        } else {
            X509_VERIFY_PARAM_set_hostflags(parameters, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
            accepted = X509_VERIFY_PARAM_set1_host(parameters, serverName, 0)
        }
        guard accepted == 1 else {
            throw TLSError.openSSL(.configuration, "could not verify against the server name \(serverName)")
        }
    }

    // MARK: Ciphertext

    /// Hands ciphertext received from the network to the engine.
    public func feedCiphertext(_ bytes: UnsafeRawBufferPointer) throws {
        guard var remaining = bytes.baseAddress.map({ UnsafeRawBufferPointer(start: $0, count: bytes.count) }) else {
            return
        }
        while !remaining.isEmpty {
            let chunk = min(remaining.count, Int(Int32.max))
            OpenSSLErrorQueue.clear()
            let written = BIO_write(networkIn, remaining.baseAddress, Int32(chunk))
            guard written > 0 else {
                throw TLSError.openSSL(.internalError, "could not buffer \(chunk) bytes of ciphertext")
            }
            remaining = UnsafeRawBufferPointer(rebasing: remaining[Int(written)...])
        }
    }

    /// Hands ciphertext received from the network to the engine.
    public func feedCiphertext(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try feedCiphertext($0) }
    }

    /// How many bytes of ciphertext are waiting to be sent to the network.
    public var pendingCiphertextCount: Int {
        Int(BIO_ctrl_pending(networkOut))
    }

    /// Moves up to `buffer.count` bytes of pending ciphertext into `buffer`; returns how many.
    public func drainCiphertext(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let read = BIO_read(networkOut, base, Int32(min(buffer.count, Int(Int32.max))))
        return read > 0 ? Int(read) : 0
    }

    /// All pending ciphertext.
    public func drainCiphertext() -> [UInt8] {
        let count = pendingCiphertextCount
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { drainCiphertext(into: $0) }
        bytes.removeLast(count - read)
        return bytes
    }

    // MARK: Handshake

    /// Advances the handshake with whatever ciphertext has been fed; drain the ciphertext after.
    /// Throws ``TLSError/Code-swift.struct/handshakeFailed`` naming the cause (an unverifiable
    /// peer certificate, a missing client certificate, no common version, an alert).
    @discardableResult
    public func handshake() throws -> HandshakeResult {
        switch state {
        case .established: return .complete
        case .handshaking: break
        case .closed, .failed:
            throw TLSError(.handshakeFailed, "the connection is \(state), the handshake cannot continue")
        }
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            state = .established
            return .complete
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantsMoreData
        default:
            throw fail(.handshakeFailed, "the TLS handshake failed")
        }
    }

    /// Whether the handshake has completed.
    public var isHandshakeComplete: Bool {
        SSL_is_init_finished(ssl) == 1
    }

    // MARK: Application data

    /// Encrypts all of `bytes` into pending ciphertext. Only after the handshake completed.
    public func writePlaintext(_ bytes: UnsafeRawBufferPointer) throws {
        guard state == .established else {
            throw TLSError(.channelClosed, "cannot write application data: the connection is \(state)")
        }
        var offset = 0
        while offset < bytes.count {
            // SSL_write_ex writes everything asked (no partial writes without
            // SSL_MODE_ENABLE_PARTIAL_WRITE); chunks keep each call's size within an Int32.
            let chunk = min(bytes.count - offset, 1 << 30)
            var written = 0
            OpenSSLErrorQueue.clear()
            guard SSL_write_ex(ssl, bytes.baseAddress! + offset, chunk, &written) == 1 else {
                throw fail(.protocolViolation, "could not encrypt application data")
            }
            offset += written
        }
    }

    /// Encrypts all of `bytes` into pending ciphertext.
    public func writePlaintext(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writePlaintext($0) }
    }

    /// Decrypts buffered ciphertext into `buffer`. Reading stays possible after this side sent
    /// close_notify, until the peer's arrives.
    public func readPlaintext(into buffer: UnsafeMutableRawBufferPointer) throws -> ReadResult {
        switch state {
        case .established:
            break
        case .closed where receivedCloseNotify:
            return .closed
        case .closed where sentCloseNotify:
            // Our close_notify is sent; the peer may still send data until its own.
            break
        case .closed, .handshaking, .failed:
            throw TLSError(.channelClosed, "cannot read application data: the connection is \(state)")
        }
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .bytes(0) }
        var read = 0
        OpenSSLErrorQueue.clear()
        if SSL_read_ex(ssl, base, buffer.count, &read) == 1 {
            return .bytes(read)
        }
        switch SSL_get_error(ssl, 0) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantsMoreData
        case SSL_ERROR_ZERO_RETURN:
            receivedCloseNotify = true
            state = .closed
            return .closed
        default:
            throw fail(.protocolViolation, "could not decrypt data from the peer")
        }
    }

    /// Decrypts every complete record buffered so far. `closed` is true once close_notify came.
    public func readAllPlaintext() throws -> (bytes: [UInt8], closed: Bool) {
        var plaintext: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            switch try chunk.withUnsafeMutableBytes({ try readPlaintext(into: $0) }) {
            case .bytes(let count): plaintext.append(contentsOf: chunk[0..<count])
            case .wantsMoreData: return (plaintext, false)
            case .closed: return (plaintext, true)
            }
        }
    }

    // MARK: Closing

    /// Queues close_notify (once). After it no more plaintext can be written. A connection whose
    /// handshake did not complete, or that failed, sends nothing.
    public func shutdown() {
        guard !sentCloseNotify else { return }
        switch state {
        case .handshaking, .failed:
            state = .closed
            return
        case .established, .closed:
            break
        }
        OpenSSLErrorQueue.clear()
        // 0: close_notify sent, the peer's not yet seen; 1: both sent. Either way ours is queued.
        let result = SSL_shutdown(ssl)
        if result < 0 {
            OpenSSLErrorQueue.clear()
        } else {
            sentCloseNotify = true
        }
        state = .closed
    }

    // MARK: Peer

    /// The peer's certificate, after the handshake (nil if the peer sent none).
    public var peerCertificate: Certificate? {
        guard let x509 = SSL_get1_peer_certificate(ssl) else { return nil }
        return Certificate(taking: x509)
    }

    /// The negotiated protocol version, after the handshake.
    public var negotiatedVersion: TLSVersion? {
        guard isHandshakeComplete else { return nil }
        return TLSVersion(openSSLValue: SSL_version(ssl))
    }

    /// Marks the engine failed and builds the error, adding the certificate verification result
    /// when verification is what failed.
    private func fail(_ code: TLSError.Code, _ message: String) -> TLSError {
        state = .failed
        var error = TLSError.openSSL(code, message)
        let verification = SSL_get_verify_result(ssl)
        if verification != X509_V_OK {
            let reason = String(cString: X509_verify_cert_error_string(verification))
            error.message += ": certificate verification failed: \(reason)"
        } else if let first = error.openSSLErrors.first {
            error.message += ": " + (first.split(separator: ":").last.map(String.init) ?? first)
        }
        return error
    }
}

@available(*, unavailable)
extension TLSEngine: Sendable {}
