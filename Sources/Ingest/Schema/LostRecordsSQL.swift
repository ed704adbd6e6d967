/// Migration 7: `collectors.lost_records`, the sequences a collector skipped (records its spool
/// dropped under its size bound or as corrupt), which the ingest role updates.
enum LostRecordsSQL {
    static let sql = """
        ALTER TABLE pganalytics.collectors ADD COLUMN lost_records bigint NOT NULL DEFAULT 0;
        COMMENT ON COLUMN pganalytics.collectors.lost_records IS
            'Sequences skipped by the collector (dropped or corrupt spool records), counted when a later one committed';
        DO $grant$
        BEGIN
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = '\(IngestRoleSQL.role)') THEN
                GRANT UPDATE (lost_records) ON pganalytics.collectors TO \(IngestRoleSQL.role);
            END IF;
        END
        $grant$;
        """
}
