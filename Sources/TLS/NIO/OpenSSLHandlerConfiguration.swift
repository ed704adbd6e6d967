import NIOCore

/// Per-connection settings of an ``OpenSSLHandler``.
public struct OpenSSLHandlerConfiguration: Sendable {
    /// A connection whose handshake has not completed this long after it became active is closed
    /// with ``TLSError/Code-swift.struct/handshakeTimeout``.
    public var handshakeTimeout: TimeAmount
    /// Plaintext written before the handshake completes is held, up to this many bytes; writes
    /// beyond it fail with ``TLSError/Code-swift.struct/bufferLimitExceeded``.
    public var maximumBufferedHandshakeBytes: Int

    /// Settings with a 10-second handshake timeout and a 1 MiB pre-handshake write buffer by default.
    public init(handshakeTimeout: TimeAmount = .seconds(10), maximumBufferedHandshakeBytes: Int = 1 << 20) {
        self.handshakeTimeout = handshakeTimeout
        self.maximumBufferedHandshakeBytes = maximumBufferedHandshakeBytes
    }
}
