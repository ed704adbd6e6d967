/// HELLO (PROTOCOL.md section 6.1): the collector opens a session with its version range and the
/// state of its spool.
public struct Hello: Hashable, Sendable {
    /// Lowest protocol version the collector speaks.
    public var minVersion: UInt8
    /// Highest protocol version the collector speaks; never below `minVersion`.
    public var maxVersion: UInt8
    /// Lowest sequence still in the spool, 0 when the spool is empty.
    public var firstUnacknowledged: UInt64
    /// Highest sequence ever written to the spool, 0 when none.
    public var lastWritten: UInt64
    /// BATCH records the spool discarded under its size bound since it was created.
    public var droppedRecords: UInt64
    /// Rows in those discarded records.
    public var droppedSamples: UInt64
    /// The collector's software name and version, e.g. `pganalytics/1.0.0`.
    public var software: String
    /// The host's name, informational.
    public var hostname: String

    /// - Parameters: `software` and `hostname` are informational: they are cut to 255 bytes at a
    ///   character boundary and NUL bytes are dropped, so that encoding never fails.
    public init(
        minVersion: UInt8 = FrameHeader.currentVersion, maxVersion: UInt8 = FrameHeader.currentVersion,
        firstUnacknowledged: UInt64, lastWritten: UInt64, droppedRecords: UInt64 = 0, droppedSamples: UInt64 = 0,
        software: String, hostname: String
    ) {
        precondition(minVersion <= maxVersion, "HELLO version range \(minVersion)...\(maxVersion) is empty")
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.firstUnacknowledged = firstUnacknowledged
        self.lastWritten = lastWritten
        self.droppedRecords = droppedRecords
        self.droppedSamples = droppedSamples
        self.software = WireText.fitted(software, maxBytes: 255)
        self.hostname = WireText.fitted(hostname, maxBytes: 255)
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(minVersion)
        writer.write(maxVersion)
        writer.write(firstUnacknowledged)
        writer.write(lastWritten)
        writer.write(droppedRecords)
        writer.write(droppedSamples)
        writer.writeString8(software)
        writer.writeString8(hostname)
    }

    /// The payload bytes.
    public var encodedPayload: [UInt8] {
        var writer = ByteWriter(reservingCapacity: 36 + software.utf8.count + hostname.utf8.count)
        encode(into: &writer)
        return writer.bytes
    }

    public static func decode(_ reader: inout ByteReader, limits: Limits) throws(WireError) -> Hello {
        let minVersion = try reader.readU8("min version")
        let maxOffset = reader.offset
        let maxVersion = try reader.readU8("max version")
        guard maxVersion >= minVersion else {
            throw reader.error(.invalidVersionRange, at: maxOffset, "max version \(maxVersion) is below min version \(minVersion)")
        }
        let firstUnacknowledged = try reader.readU64("first unacknowledged")
        let lastWritten = try reader.readU64("last written")
        let droppedRecords = try reader.readU64("dropped records")
        let droppedSamples = try reader.readU64("dropped samples")
        let software = try reader.readString8("software")
        let hostname = try reader.readString8("hostname")
        return Hello(
            minVersion: minVersion, maxVersion: maxVersion, firstUnacknowledged: firstUnacknowledged,
            lastWritten: lastWritten, droppedRecords: droppedRecords, droppedSamples: droppedSamples,
            software: software, hostname: hostname)
    }
}
