/// REGISTERED (PROTOCOL.md section 6.8): the backend's answer to REGISTER or RENEW, with the
/// collector's identity, its signed certificate chain and the CA to trust for the backend.
public struct Registered: Hashable, Sendable {
    /// The identity assigned to the collector (also the certificate's subject CN).
    public var collectorID: String
    /// DER certificates: the collector's own first, then intermediates; 1 to 8 of them.
    public var certificates: [[UInt8]]
    /// The CA certificate the collector must trust for the backend, DER.
    public var caCertificate: [UInt8]

    /// - Precondition: `collectorID` is at most 255 UTF-8 bytes without NUL; there are 1 to 8
    ///   certificates; each certificate is at most 16 KiB (the default limits).
    public init(collectorID: String, certificates: [[UInt8]], caCertificate: [UInt8]) {
        let limits = Limits.default
        precondition(WireText.isEncodable(collectorID, maxBytes: 255), "collector id must be at most 255 bytes without NUL")
        precondition((1...limits.maxCertificates).contains(certificates.count), "REGISTERED carries 1 to \(limits.maxCertificates) certificates")
        precondition((certificates + [caCertificate]).allSatisfy { $0.count <= limits.maxCertificateBytes },
                     "certificate larger than \(limits.maxCertificateBytes) bytes")
        self.init(unchecked: collectorID, certificates: certificates, caCertificate: caCertificate)
    }

    private init(unchecked collectorID: String, certificates: [[UInt8]], caCertificate: [UInt8]) {
        self.collectorID = collectorID
        self.certificates = certificates
        self.caCertificate = caCertificate
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeString8(collectorID)
        writer.write(UInt8(certificates.count))
        for certificate in certificates {
            writer.writeBytes32(certificate)
        }
        writer.writeBytes32(caCertificate)
    }

    /// The payload bytes.
    public var encodedPayload: [UInt8] {
        let size = 6 + collectorID.utf8.count + certificates.reduce(0) { $0 + 4 + $1.count } + caCertificate.count
        var writer = ByteWriter(reservingCapacity: size)
        encode(into: &writer)
        return writer.bytes
    }

    public static func decode(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> Registered {
        let collectorID = try reader.readString8("collector id")
        let countOffset = reader.offset
        let count = Int(try reader.readU8("certificate count"))
        guard count >= 1, count <= limits.maxCertificates else {
            throw reader.error(.invalidCount, at: countOffset, "certificate count is \(count), must be 1...\(limits.maxCertificates)")
        }
        var certificates: [[UInt8]] = []
        certificates.reserveCapacity(count)
        for index in 0..<count {
            certificates.append(try reader.readBytes32(limit: limits.maxCertificateBytes, WireField("certificate", index: index)))
        }
        let caCertificate = try reader.readBytes32(limit: limits.maxCertificateBytes, "ca certificate")
        return Registered(unchecked: collectorID, certificates: certificates, caCertificate: caCertificate)
    }
}
