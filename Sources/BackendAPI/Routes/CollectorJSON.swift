import Ingest
import WireProtocol

/// A collector as `GET /api/v1/collectors[/{id}]` shows it. Every key is always present; unknown
/// values are `null`. Times are UTC ISO-8601.
struct CollectorJSON: Encodable {
    let summary: CollectorSummary
    let status: CollectorStatusPolicy.Status

    private enum Keys: String, CodingKey {
        case id, name, hostname, region, status
        case lastSeen = "last_seen"
        case secondsSinceLastSeen = "seconds_since_last_seen"
        case committedSequence = "committed_sequence"
        case lastWritten = "last_written"
        case lag
        case samplesReceived = "samples_received"
        case droppedSamples = "dropped_samples"
        case droppedRecords = "dropped_records"
        case lostRecords = "lost_records"
        case certificateSerial = "certificate_serial"
        case certificateExpiresAt = "certificate_expires_at"
        case registeredAt = "registered_at"
        case software, revoked
        case revokedAt = "revoked_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(summary.id, forKey: .id)
        try container.encode(summary.name, forKey: .name)
        try container.encode(summary.hostname, forKey: .hostname)
        try container.encode(summary.region, forKey: .region)
        try container.encode(status, forKey: .status)
        try container.encode(summary.lastSeen.map(Self.iso8601), forKey: .lastSeen)
        try container.encode(summary.secondsSinceLastSeen.map { ($0 * 10).rounded() / 10 }, forKey: .secondsSinceLastSeen)
        try container.encode(summary.committedSequence, forKey: .committedSequence)
        try container.encode(summary.lastWritten, forKey: .lastWritten)
        try container.encode(summary.lag, forKey: .lag)
        try container.encode(summary.samplesReceived, forKey: .samplesReceived)
        try container.encode(summary.droppedSamples, forKey: .droppedSamples)
        try container.encode(summary.droppedRecords, forKey: .droppedRecords)
        try container.encode(summary.lostRecords, forKey: .lostRecords)
        try container.encode(summary.certificateSerial, forKey: .certificateSerial)
        try container.encode(summary.certificateExpiresAt.map(Self.iso8601), forKey: .certificateExpiresAt)
        try container.encode(Self.iso8601(summary.registeredAt), forKey: .registeredAt)
        try container.encode(summary.software, forKey: .software)
        try container.encode(summary.revoked, forKey: .revoked)
        try container.encode(summary.revokedAt.map(Self.iso8601), forKey: .revokedAt)
    }

    /// Unix seconds as `2026-11-25T10:15:00Z`.
    static func iso8601(_ unixSeconds: Int64) -> String {
        PostgresTime.iso8601((unixSeconds - PostgresTime.unixEpochOffsetSeconds) * PostgresTime.microsecondsPerSecond)
    }
}

/// `GET /api/v1/collectors`: `{"collectors": [...], "count": n}`.
struct CollectorListJSON: Encodable {
    let collectors: [CollectorJSON]
    let count: Int
}
