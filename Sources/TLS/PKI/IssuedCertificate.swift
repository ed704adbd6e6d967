/// A certificate the CA just issued, with the facts the backend records about it (the
/// `collectors` table keeps the serial and expiry).
public struct IssuedCertificate: Sendable {
    /// The certificate.
    public let certificate: Certificate
    /// The certificate in DER, as REGISTERED carries it.
    public let der: [UInt8]
    /// The certificate in PEM.
    public let pem: String
    /// The subject common name the CA set (for a collector, its collector id).
    public let commonName: String
    /// The serial number, lowercase hexadecimal.
    public let serialNumberHex: String
    /// The start of the validity period, Unix seconds.
    public let notBefore: Int64
    /// The end of the validity period, Unix seconds.
    public let notAfter: Int64
    /// The subject the request asked for, RFC 2253 text; informational only (empty for
    /// certificates the CA made from its own keys).
    public let requestedSubject: String

    init(certificate: Certificate, commonName: String, requestedSubject: String) throws {
        self.certificate = certificate
        self.der = try certificate.derBytes()
        self.pem = try certificate.pemString()
        self.commonName = commonName
        self.serialNumberHex = certificate.serialNumberHex
        self.notBefore = certificate.notBefore
        self.notAfter = certificate.notAfter
        self.requestedSubject = requestedSubject
    }
}
