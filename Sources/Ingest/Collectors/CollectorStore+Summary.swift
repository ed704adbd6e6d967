import PostgresClient
import WireProtocol

extension CollectorStore {
    /// The columns of a `CollectorSummary`, times as Unix seconds.
    private static let summaryColumns = """
        id, name, hostname, region, certificate_serial,
        extract(epoch FROM certificate_expires_at)::bigint AS certificate_expires_at,
        extract(epoch FROM registered_at)::bigint AS registered_at,
        extract(epoch FROM last_seen)::bigint AS last_seen,
        extract(epoch FROM now() - last_seen)::float8 AS seconds_since_last_seen,
        committed_sequence,
        -- Known only once a HELLO reported it (HELLO also sets the software).
        CASE WHEN software IS NULL THEN NULL ELSE spool_last_written END AS spool_last_written, samples_received, dropped_records, dropped_samples, lost_records, software,
        revoked, extract(epoch FROM revoked_at)::bigint AS revoked_at
        """

    /// Every collector, ordered by id.
    public func summaries(on connection: PostgresConnection) throws(PostgresError) -> [CollectorSummary] {
        let result = try connection.query("SELECT \(Self.summaryColumns) FROM pganalytics.collectors ORDER BY id")
        return result.rows.indices.map { Self.summary(result, row: $0) }
    }

    /// One collector, nil when there is none with `id`.
    public func summary(of id: String, on connection: PostgresConnection) throws(PostgresError) -> CollectorSummary? {
        let result = try connection.query("SELECT \(Self.summaryColumns) FROM pganalytics.collectors WHERE id = $1", params: [id])
        return result.rows.isEmpty ? nil : Self.summary(result, row: 0)
    }

    private static func summary(_ result: QueryResult, row: Int) -> CollectorSummary {
        func text(_ name: String) -> String? {
            if case .text(let value) = result[row, name] { return value }
            return nil
        }
        func int(_ name: String) -> Int64? {
            if case .int8(let value) = result[row, name] { return value }
            return nil
        }
        func count(_ name: String) -> UInt64 { UInt64(max(0, int(name) ?? 0)) }
        var seconds: Double?
        if case .float8(let value) = result[row, "seconds_since_last_seen"] { seconds = value }
        return CollectorSummary(
            id: text("id") ?? "", name: text("name") ?? "", hostname: text("hostname") ?? "", region: text("region") ?? "",
            certificateSerial: text("certificate_serial"), certificateExpiresAt: int("certificate_expires_at"),
            registeredAt: int("registered_at") ?? 0, lastSeen: int("last_seen"), secondsSinceLastSeen: seconds,
            committedSequence: count("committed_sequence"), lastWritten: int("spool_last_written").map { UInt64(max(0, $0)) },
            samplesReceived: count("samples_received"), droppedRecords: count("dropped_records"),
            droppedSamples: count("dropped_samples"), lostRecords: count("lost_records"), software: text("software"),
            revoked: result[row, "revoked"] == .bool(true), revokedAt: int("revoked_at"))
    }
}
