/// RENEW (PROTOCOL.md section 6.9): over mutual TLS, a CSR for a new key of the same collector.
/// The backend answers with REGISTERED.
public struct Renew: Hashable, Sendable {
    /// PKCS#10 certificate signing request, DER.
    public var csr: [UInt8]

    /// - Precondition: `csr` is at most 16 KiB (the default limit).
    public init(csr: [UInt8]) {
        precondition(csr.count <= Limits.default.maxCertificateBytes, "CSR larger than \(Limits.default.maxCertificateBytes) bytes")
        self.csr = csr
    }

    private init(unchecked csr: [UInt8]) {
        self.csr = csr
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeBytes32(csr)
    }

    /// The payload bytes.
    public var encodedPayload: [UInt8] {
        var writer = ByteWriter(reservingCapacity: 4 + csr.count)
        encode(into: &writer)
        return writer.bytes
    }

    public static func decode(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> Renew {
        Renew(unchecked: try reader.readBytes32(limit: limits.maxCertificateBytes, "csr"))
    }
}
