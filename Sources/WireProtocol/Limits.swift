/// The bounds a receiver enforces before it allocates anything (PROTOCOL.md section 4).
public struct Limits: Hashable, Sendable {
    /// Largest payload, as transmitted, that a frame may declare.
    public var maxFramePayload: Int
    /// Largest payload after decompression.
    public var maxDecompressedPayload: Int
    /// Rows per BATCH.
    public var maxRows: Int
    /// Columns per BATCH.
    public var maxColumns: Int
    /// Bytes per text, bytea or numeric value.
    public var maxValueBytes: Int
    /// Bytes per string16 field (messages, secrets).
    public var maxString16Bytes: Int
    /// Bytes per certificate or CSR.
    public var maxCertificateBytes: Int
    /// Certificates per chain in REGISTERED.
    public var maxCertificates: Int

    public init(
        maxFramePayload: Int = 8 << 20,
        maxDecompressedPayload: Int = 32 << 20,
        maxRows: Int = 100_000,
        maxColumns: Int = 256,
        maxValueBytes: Int = 1 << 20,
        maxString16Bytes: Int = 4096,
        maxCertificateBytes: Int = 16 << 10,
        maxCertificates: Int = 8
    ) {
        self.maxFramePayload = maxFramePayload
        self.maxDecompressedPayload = maxDecompressedPayload
        self.maxRows = maxRows
        self.maxColumns = maxColumns
        self.maxValueBytes = maxValueBytes
        self.maxString16Bytes = maxString16Bytes
        self.maxCertificateBytes = maxCertificateBytes
        self.maxCertificates = maxCertificates
    }

    /// The defaults of PROTOCOL.md section 4.
    public static let `default` = Limits()
}
