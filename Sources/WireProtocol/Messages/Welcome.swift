/// WELCOME (PROTOCOL.md section 6.2): the backend accepts a session, names the version both speak
/// and the sequence it has committed, from which the collector resumes.
public struct Welcome: Hashable, Sendable {
    /// The version both will speak, within HELLO's range.
    public var version: UInt8
    /// Highest sequence of this collector whose rows are committed, 0 when none.
    public var committedSequence: UInt64
    /// The identity the backend took from the client certificate.
    public var collectorID: String
    /// The backend's frame limit (payload bytes as transmitted).
    public var maxFramePayload: UInt32
    /// How many BATCH bytes may be in flight unacknowledged.
    public var maxUnacknowledgedBytes: UInt32
    /// Milliseconds; the backend closes a connection idle for 3 intervals.
    public var pingIntervalMilliseconds: UInt32

    /// - Precondition: `collectorID` is at most 255 UTF-8 bytes without NUL (the backend assigns it).
    public init(
        version: UInt8 = FrameHeader.currentVersion, committedSequence: UInt64, collectorID: String,
        maxFramePayload: UInt32, maxUnacknowledgedBytes: UInt32, pingIntervalMilliseconds: UInt32
    ) {
        precondition(WireText.isEncodable(collectorID, maxBytes: 255), "collector id must be at most 255 bytes without NUL")
        self.version = version
        self.committedSequence = committedSequence
        self.collectorID = collectorID
        self.maxFramePayload = maxFramePayload
        self.maxUnacknowledgedBytes = maxUnacknowledgedBytes
        self.pingIntervalMilliseconds = pingIntervalMilliseconds
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(version)
        writer.write(committedSequence)
        writer.writeString8(collectorID)
        writer.write(maxFramePayload)
        writer.write(maxUnacknowledgedBytes)
        writer.write(pingIntervalMilliseconds)
    }

    /// The payload bytes.
    public var encodedPayload: [UInt8] {
        var writer = ByteWriter(reservingCapacity: 22 + collectorID.utf8.count)
        encode(into: &writer)
        return writer.bytes
    }

    public static func decode(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> Welcome {
        let version = try reader.readU8("version")
        let committedSequence = try reader.readU64("committed sequence")
        let collectorID = try reader.readString8("collector id")
        let maxFramePayload = try reader.readU32("max frame payload")
        let maxUnacknowledgedBytes = try reader.readU32("max unacknowledged bytes")
        let pingInterval = try reader.readU32("ping interval")
        return Welcome(
            version: version, committedSequence: committedSequence, collectorID: collectorID,
            maxFramePayload: maxFramePayload, maxUnacknowledgedBytes: maxUnacknowledgedBytes,
            pingIntervalMilliseconds: pingInterval)
    }
}
