/// Migration 1: the schema's own objects that do not depend on the family catalog: the
/// `collectors` table and the helper functions the rate views use.
enum CollectorsTableSQL {
    static let sql = """
        CREATE TABLE pganalytics.collectors (
            id text PRIMARY KEY,
            name text NOT NULL DEFAULT '',
            hostname text NOT NULL DEFAULT '',
            region text NOT NULL DEFAULT '',
            certificate_serial text,
            certificate_expires_at timestamptz,
            registered_at timestamptz NOT NULL DEFAULT now(),
            last_seen timestamptz,
            committed_sequence bigint NOT NULL DEFAULT 0 CHECK (committed_sequence >= 0),
            samples_received bigint NOT NULL DEFAULT 0,
            dropped_records bigint NOT NULL DEFAULT 0,
            dropped_samples bigint NOT NULL DEFAULT 0,
            software text,
            status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'active', 'revoked')),
            revoked boolean NOT NULL DEFAULT false,
            revoked_at timestamptz
        );
        COMMENT ON TABLE pganalytics.collectors IS 'One row per registered collector; committed_sequence is its exactly-once cursor';

        -- The growth of a cumulative counter between two samples: NULL without a previous sample,
        -- the new value after a reset (the counter fell, or its stats_reset changed), else the difference.
        CREATE FUNCTION pganalytics.counter_delta(current bigint, previous bigint, reset boolean) RETURNS bigint
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN CASE WHEN current IS NULL OR previous IS NULL THEN NULL
                        WHEN reset IS TRUE OR current < previous THEN current
                        ELSE current - previous END;
        CREATE FUNCTION pganalytics.counter_delta(current double precision, previous double precision, reset boolean) RETURNS double precision
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN CASE WHEN current IS NULL OR previous IS NULL THEN NULL
                        WHEN reset IS TRUE OR current < previous THEN current
                        ELSE current - previous END;
        CREATE FUNCTION pganalytics.counter_delta(current numeric, previous numeric, reset boolean) RETURNS numeric
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN CASE WHEN current IS NULL OR previous IS NULL THEN NULL
                        WHEN reset IS TRUE OR current < previous THEN current
                        ELSE current - previous END;
        """
}
