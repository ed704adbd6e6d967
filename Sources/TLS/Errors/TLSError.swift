/// An error from the TLS module: key and certificate handling, the CA, or a TLS connection.
///
/// A struct with a growable ``Code`` rather than an enum, so new failure kinds can be added
/// without breaking callers that switch on them. ``openSSLErrors`` carries OpenSSL's own error
/// queue at the moment of failure, which is usually what names the real cause.
public struct TLSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case keyGeneration
            case invalidKey
            case invalidCertificate
            case invalidCSR
            case csrSignatureInvalid
            case certificateIssuance
            case invalidArgument
            case fileIO
            case configuration
            case handshakeFailed
            case handshakeTimeout
            case protocolViolation
            case uncleanShutdown
            case channelClosed
            case bufferLimitExceeded
            case internalError
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        public var description: String { base.rawValue }

        /// A private key could not be generated.
        public static let keyGeneration = Code(.keyGeneration)
        /// A private key could not be parsed, serialized, or does not match its certificate.
        public static let invalidKey = Code(.invalidKey)
        /// A certificate could not be parsed or serialized.
        public static let invalidCertificate = Code(.invalidCertificate)
        /// A certificate signing request could not be parsed, or is unacceptable (weak key, too large).
        public static let invalidCSR = Code(.invalidCSR)
        /// A certificate signing request's self-signature does not verify: it was tampered with
        /// or was not made with the private key matching its public key.
        public static let csrSignatureInvalid = Code(.csrSignatureInvalid)
        /// The CA failed to build or sign a certificate.
        public static let certificateIssuance = Code(.certificateIssuance)
        /// An argument was out of range (an empty common name, a bad address, a bad validity).
        public static let invalidArgument = Code(.invalidArgument)
        /// Reading or writing a key or certificate file failed.
        public static let fileIO = Code(.fileIO)
        /// A ``TLSConfiguration`` could not be applied to an OpenSSL context.
        public static let configuration = Code(.configuration)
        /// The TLS handshake failed: bad or missing peer certificate, no common version, an alert.
        public static let handshakeFailed = Code(.handshakeFailed)
        /// The TLS handshake did not complete within the configured time.
        public static let handshakeTimeout = Code(.handshakeTimeout)
        /// The peer violated the TLS protocol after the handshake (a bad record, an alert).
        public static let protocolViolation = Code(.protocolViolation)
        /// The peer closed the connection without sending close_notify.
        public static let uncleanShutdown = Code(.uncleanShutdown)
        /// A write was attempted on a connection that is closing or closed.
        public static let channelClosed = Code(.channelClosed)
        /// Plaintext written before the handshake completed exceeded the handler's buffer limit.
        public static let bufferLimitExceeded = Code(.bufferLimitExceeded)
        /// OpenSSL failed in a way that indicates a bug or resource exhaustion.
        public static let internalError = Code(.internalError)
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation naming what failed.
    public var message: String
    /// The OpenSSL error queue at the moment of failure, oldest first, as OpenSSL formats it.
    public var openSSLErrors: [String]

    /// Creates an error. Most callers inside the module use ``openSSL(_:_:)`` instead, which
    /// also drains OpenSSL's error queue.
    public init(_ code: Code, _ message: String, openSSLErrors: [String] = []) {
        self.code = code
        self.message = message
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        var text = "TLSError.\(code): \(message)"
        if !openSSLErrors.isEmpty {
            text += " [" + openSSLErrors.joined(separator: "; ") + "]"
        }
        return text
    }
}

extension TLSError {
    /// An error carrying (and clearing) the calling thread's OpenSSL error queue.
    static func openSSL(_ code: Code, _ message: String) -> TLSError {
        TLSError(code, message, openSSLErrors: OpenSSLErrorQueue.drain())
    }
}
