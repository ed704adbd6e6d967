/// Migration 6: where each collector's spool stood at its last HELLO (PROTOCOL.md 6.1 "first
/// unacknowledged", "last written"), so that the backlog still to ship is visible:
/// `spool_last_written - committed_sequence` records.
enum SpoolPositionSQL {
    static let columns = ["spool_first_unacknowledged", "spool_last_written"]

    static let sql = """
        ALTER TABLE pganalytics.collectors
            ADD COLUMN spool_first_unacknowledged bigint NOT NULL DEFAULT 0 CHECK (spool_first_unacknowledged >= 0),
            ADD COLUMN spool_last_written bigint NOT NULL DEFAULT 0 CHECK (spool_last_written >= 0);
        COMMENT ON COLUMN pganalytics.collectors.spool_last_written IS 'Highest sequence the collector had spooled at its last HELLO';
        DO $grant$
        BEGIN
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = '\(IngestRoleSQL.role)') THEN
                GRANT UPDATE (\(columns.joined(separator: ", "))) ON pganalytics.collectors TO \(IngestRoleSQL.role);
            END IF;
        END
        $grant$;
        """
}
