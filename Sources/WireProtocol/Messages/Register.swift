/// REGISTER (PROTOCOL.md section 6.7): enrolment of a new collector with the installation's
/// registration secret and a certificate signing request. The private key never travels.
public struct Register: Hashable, Sendable {
    /// The installation's registration secret.
    public var secret: String
    /// The collector's display name; may be empty.
    public var name: String
    /// The host's name.
    public var hostname: String
    /// Free-form region label; may be empty.
    public var region: String
    /// PKCS#10 certificate signing request, DER.
    public var csr: [UInt8]

    /// - Precondition: `secret` is at most 4,096 UTF-8 bytes without NUL and `csr` at most 16 KiB
    ///   (the default limits); check configuration before building the message.
    ///   `name`, `hostname` and `region` are informational: cut to 255 bytes, NUL bytes dropped.
    public init(secret: String, name: String = "", hostname: String, region: String = "", csr: [UInt8]) {
        precondition(WireText.isEncodable(secret, maxBytes: Limits.default.maxString16Bytes),
                     "registration secret must be at most \(Limits.default.maxString16Bytes) bytes without NUL")
        precondition(csr.count <= Limits.default.maxCertificateBytes, "CSR larger than \(Limits.default.maxCertificateBytes) bytes")
        self.secret = secret
        self.name = WireText.fitted(name, maxBytes: 255)
        self.hostname = WireText.fitted(hostname, maxBytes: 255)
        self.region = WireText.fitted(region, maxBytes: 255)
        self.csr = csr
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeString16(secret)
        writer.writeString8(name)
        writer.writeString8(hostname)
        writer.writeString8(region)
        writer.writeBytes32(csr)
    }

    /// The payload bytes.
    public var encodedPayload: [UInt8] {
        var writer = ByteWriter(reservingCapacity: 9 + secret.utf8.count + name.utf8.count + hostname.utf8.count + region.utf8.count + csr.count)
        encode(into: &writer)
        return writer.bytes
    }

    public static func decode(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> Register {
        let secret = try reader.readString16(limit: limits.maxString16Bytes, "secret")
        let name = try reader.readString8("name")
        let hostname = try reader.readString8("hostname")
        let region = try reader.readString8("region")
        let csr = try reader.readBytes32(limit: limits.maxCertificateBytes, "csr")
        // Memberwise, not through init: a receiver's limits may be larger than the defaults.
        return Register(unchecked: secret, name: name, hostname: hostname, region: region, csr: csr)
    }

    private init(unchecked secret: String, name: String, hostname: String, region: String, csr: [UInt8]) {
        self.secret = secret
        self.name = name
        self.hostname = hostname
        self.region = region
        self.csr = csr
    }
}
