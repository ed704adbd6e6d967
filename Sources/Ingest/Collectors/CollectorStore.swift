import PostgresClient

/// Reads and changes rows of `pganalytics.collectors`: what registration, HELLO and the admin
/// API need. Every call is one statement on the given connection.
public struct CollectorStore: Sendable {
    public init() {}

    /// A registered collector's identity and certificate.
    public struct Registration: Hashable, Sendable {
        public var id: String
        public var name: String
        public var hostname: String
        public var region: String
        public var certificateSerial: String?
        /// Microseconds since 2000-01-01 UTC.
        public var certificateExpiresAt: Int64?

        public init(id: String, name: String = "", hostname: String = "", region: String = "",
                    certificateSerial: String? = nil, certificateExpiresAt: Int64? = nil) {
            self.id = id
            self.name = name
            self.hostname = hostname
            self.region = region
            self.certificateSerial = certificateSerial
            self.certificateExpiresAt = certificateExpiresAt
        }
    }

    /// Inserts the collector, or updates its names and certificate when it exists (a renewal);
    /// its committed sequence and counters are kept.
    public func register(_ registration: Registration, on connection: PostgresConnection) throws(PostgresError) {
        _ = try connection.query("""
            INSERT INTO pganalytics.collectors (id, name, hostname, region, certificate_serial, certificate_expires_at)
            VALUES ($1, $2, $3, $4, $5, '2000-01-01 00:00:00+00'::timestamptz + make_interval(secs => $6::bigint / 1e6))
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, hostname = EXCLUDED.hostname, region = EXCLUDED.region,
                certificate_serial = EXCLUDED.certificate_serial, certificate_expires_at = EXCLUDED.certificate_expires_at
            """, params: [registration.id, registration.name, registration.hostname, registration.region,
                          registration.certificateSerial, registration.certificateExpiresAt.map { String($0) }])
    }

    /// The collector's committed sequence (for WELCOME), nil when it is not registered.
    public func committedSequence(of id: String, on connection: PostgresConnection) throws(PostgresError) -> UInt64? {
        let result = try connection.query("SELECT committed_sequence FROM pganalytics.collectors WHERE id = $1", params: [id])
        guard let row = result.rows.first, case .int8(let sequence) = row[0] else { return nil }
        return UInt64(max(0, sequence))
    }

    /// What the ingest listener needs to know about a collector when it says HELLO.
    public struct Status: Hashable, Sendable {
        /// Its committed sequence (WELCOME's).
        public var committedSequence: UInt64
        /// Whether an administrator revoked it.
        public var revoked: Bool
        /// Sequences it skipped so far (records its spool dropped or found corrupt).
        public var lostRecords: UInt64

        public init(committedSequence: UInt64, revoked: Bool, lostRecords: UInt64 = 0) {
            self.committedSequence = committedSequence
            self.revoked = revoked
            self.lostRecords = lostRecords
        }
    }

    /// The collector's committed sequence and revocation, nil when it is not registered.
    public func status(of id: String, on connection: PostgresConnection) throws(PostgresError) -> Status? {
        let result = try connection.query(
            "SELECT committed_sequence, revoked, lost_records FROM pganalytics.collectors WHERE id = $1", params: [id])
        guard let row = result.rows.first, case .int8(let sequence) = row[0], case .bool(let revoked) = row[1],
              case .int8(let lost) = row[2] else { return nil }
        return Status(committedSequence: UInt64(max(0, sequence)), revoked: revoked, lostRecords: UInt64(max(0, lost)))
    }

    /// Records what a HELLO reported: the spool's dropped records and samples, the software and,
    /// when given, the spool's first unacknowledged and last written sequences (the backlog still
    /// to ship is `spool_last_written - committed_sequence`).
    public func recordHello(of id: String, droppedRecords: UInt64, droppedSamples: UInt64, software: String,
                            firstUnacknowledged: UInt64? = nil, lastWritten: UInt64? = nil,
                            on connection: PostgresConnection) throws(PostgresError) {
        _ = try connection.query("""
            UPDATE pganalytics.collectors SET dropped_records = $2, dropped_samples = $3, software = $4, last_seen = now(),
                spool_first_unacknowledged = coalesce($5::bigint, spool_first_unacknowledged),
                spool_last_written = coalesce($6::bigint, spool_last_written)
            WHERE id = $1
            """, params: [id, String(Int64(clamping: droppedRecords)), String(Int64(clamping: droppedSamples)), software,
                          firstUnacknowledged.map { String(Int64(clamping: $0)) }, lastWritten.map { String(Int64(clamping: $0)) }])
    }

    /// Revokes the collector: its records are refused from now on.
    public func revoke(_ id: String, on connection: PostgresConnection) throws(PostgresError) {
        _ = try connection.query("""
            UPDATE pganalytics.collectors SET revoked = true, revoked_at = now(), status = 'revoked' WHERE id = $1
            """, params: [id])
    }
}
