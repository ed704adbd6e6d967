/// One collector as the admin API shows it: its identity, certificate, progress and health.
public struct CollectorSummary: Hashable, Sendable {
    public var id: String
    public var name: String
    public var hostname: String
    public var region: String
    /// The serial of its current certificate, lowercase hexadecimal.
    public var certificateSerial: String?
    /// When its certificate expires, Unix seconds.
    public var certificateExpiresAt: Int64?
    /// When it registered, Unix seconds.
    public var registeredAt: Int64
    /// When the backend last heard from it (a HELLO or a committed batch), Unix seconds.
    public var lastSeen: Int64?
    /// Seconds since `lastSeen`, by the database's clock.
    public var secondsSinceLastSeen: Double?
    /// Its exactly-once cursor: the highest sequence committed.
    public var committedSequence: UInt64
    /// The highest sequence its spool held at its last HELLO (`spool_last_written`), if known.
    public var lastWritten: UInt64?
    /// Rows stored for it.
    public var samplesReceived: UInt64
    /// BATCH records its spool discarded under its size bound (reported in HELLO).
    public var droppedRecords: UInt64
    /// Rows in those discarded records.
    public var droppedSamples: UInt64
    /// Sequences that never arrived: records its spool dropped or found corrupt (forward gaps).
    public var lostRecords: UInt64
    /// Its software, as its HELLO named it.
    public var software: String?
    public var revoked: Bool
    /// When it was revoked, Unix seconds.
    public var revokedAt: Int64?

    public init(id: String, name: String = "", hostname: String = "", region: String = "", certificateSerial: String? = nil,
                certificateExpiresAt: Int64? = nil, registeredAt: Int64 = 0, lastSeen: Int64? = nil,
                secondsSinceLastSeen: Double? = nil, committedSequence: UInt64 = 0, lastWritten: UInt64? = nil,
                samplesReceived: UInt64 = 0, droppedRecords: UInt64 = 0, droppedSamples: UInt64 = 0,
                lostRecords: UInt64 = 0, software: String? = nil, revoked: Bool = false, revokedAt: Int64? = nil) {
        self.id = id
        self.name = name
        self.hostname = hostname
        self.region = region
        self.certificateSerial = certificateSerial
        self.certificateExpiresAt = certificateExpiresAt
        self.registeredAt = registeredAt
        self.lastSeen = lastSeen
        self.secondsSinceLastSeen = secondsSinceLastSeen
        self.committedSequence = committedSequence
        self.lastWritten = lastWritten
        self.samplesReceived = samplesReceived
        self.droppedRecords = droppedRecords
        self.droppedSamples = droppedSamples
        self.lostRecords = lostRecords
        self.software = software
        self.revoked = revoked
        self.revokedAt = revokedAt
    }

    /// Records its spool still holds beyond what is committed (`lastWritten − committedSequence`),
    /// nil when it never reported `lastWritten`.
    public var lag: UInt64? {
        lastWritten.map { $0 > committedSequence ? $0 - committedSequence : 0 }
    }
}
