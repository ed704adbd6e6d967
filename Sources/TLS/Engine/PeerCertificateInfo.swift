/// What a TLS connection learned about its peer from the peer's verified certificate.
///
/// On the backend, ``commonName`` is the collector's identity (design invariant 4): it comes from
/// a certificate the backend's CA issued and the handshake verified, never from a frame.
public struct PeerCertificateInfo: Hashable, Sendable, CustomStringConvertible {
    /// The subject common name; for a collector, its collector id.
    public var commonName: String?
    /// The serial number, lowercase hexadecimal (see ``Certificate/serialNumberHex``).
    public var serialNumberHex: String
    /// The start of the validity period, Unix seconds.
    public var notBefore: Int64
    /// The end of the validity period, Unix seconds.
    public var notAfter: Int64
    /// The SHA-256 fingerprint of the DER certificate, lowercase hexadecimal.
    public var sha256FingerprintHex: String

    /// Creates the details; the handler builds them from the verified certificate with
    /// ``Certificate/info``.
    public init(
        commonName: String?, serialNumberHex: String, notBefore: Int64, notAfter: Int64,
        sha256FingerprintHex: String
    ) {
        self.commonName = commonName
        self.serialNumberHex = serialNumberHex
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.sha256FingerprintHex = sha256FingerprintHex
    }

    public var description: String {
        "CN=\(commonName ?? "<none>") serial=\(serialNumberHex) notAfter=\(notAfter)"
    }
}
