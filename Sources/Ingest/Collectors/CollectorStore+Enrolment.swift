import PostgresClient

extension CollectorStore {
    /// What the store knows about a collector that asks to renew its certificate.
    public enum EnrolmentState: Hashable, Sendable {
        /// No row for the id.
        case unknown
        /// Registered and not revoked.
        case active
        /// Revoked: it may not renew or connect.
        case revoked
    }

    /// Inserts a new collector; false (and nothing changed) when the id is taken already.
    /// Unlike `register`, it never touches an existing row, so a fresh id cannot take over
    /// another collector's identity.
    public func insertNew(_ registration: Registration, on connection: PostgresConnection) throws(PostgresError) -> Bool {
        let result = try connection.query("""
            INSERT INTO pganalytics.collectors (id, name, hostname, region, certificate_serial, certificate_expires_at)
            VALUES ($1, $2, $3, $4, $5, '2000-01-01 00:00:00+00'::timestamptz + make_interval(secs => $6::bigint / 1e6))
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """, params: [registration.id, registration.name, registration.hostname, registration.region,
                          registration.certificateSerial, registration.certificateExpiresAt.map { String($0) }])
        return !result.rows.isEmpty
    }

    /// Whether `id` is registered, and whether it is revoked.
    public func enrolmentState(of id: String, on connection: PostgresConnection) throws(PostgresError) -> EnrolmentState {
        let result = try connection.query("SELECT revoked FROM pganalytics.collectors WHERE id = $1", params: [id])
        guard let row = result.rows.first else { return .unknown }
        if case .bool(true) = row[0] { return .revoked }
        return .active
    }

    /// Records a renewed certificate (serial and expiry, microseconds since 2000-01-01 UTC) of a
    /// collector that is not revoked; returns the state the collector was found in (the
    /// certificate is recorded only when it is `.active`).
    public func renewCertificate(of id: String, serial: String, expiresAt: Int64,
                                 on connection: PostgresConnection) throws(PostgresError) -> EnrolmentState {
        let updated = try connection.query("""
            UPDATE pganalytics.collectors
            SET certificate_serial = $2,
                certificate_expires_at = '2000-01-01 00:00:00+00'::timestamptz + make_interval(secs => $3::bigint / 1e6)
            WHERE id = $1 AND NOT revoked
            RETURNING id
            """, params: [id, serial, String(expiresAt)])
        if !updated.rows.isEmpty { return .active }
        return try enrolmentState(of: id, on: connection)
    }

    /// Revokes the collector; returns false when there is no such collector. Revoking twice
    /// keeps the first `revoked_at`.
    public func revokeIfPresent(_ id: String, on connection: PostgresConnection) throws(PostgresError) -> Bool {
        let result = try connection.query("""
            UPDATE pganalytics.collectors
            SET revoked = true, revoked_at = COALESCE(revoked_at, now()), status = 'revoked'
            WHERE id = $1
            RETURNING id
            """, params: [id])
        return !result.rows.isEmpty
    }
}
