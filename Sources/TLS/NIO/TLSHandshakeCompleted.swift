/// The user event an ``OpenSSLHandler`` fires when its TLS handshake completes.
///
/// Handlers after it take the peer's identity from here (design invariant 4): on the backend,
/// ``peer``'s common name is the collector id.
public struct TLSHandshakeCompleted: Hashable, Sendable {
    /// The peer's verified certificate, or nil if it presented none (a client on an enrolment
    /// listener, or any peer when verification is off).
    public let peer: PeerCertificateInfo?
    /// The negotiated TLS version.
    public let version: TLSVersion?

    /// Creates the event (fired by ``OpenSSLHandler``; public for tests of later handlers).
    public init(peer: PeerCertificateInfo?, version: TLSVersion?) {
        self.peer = peer
        self.version = version
    }
}
