/// `pg_wal_receiver`: a standby's WAL receiver, how far it has received and replayed.
final class WALReceiverFamily: SimplePostgresFamily {
    let name = "pg_wal_receiver"
    let scope = PostgresFamilyScope.cluster
    let requirements = PostgresFamilyRequirements(needsMonitorRole: true, standbyOnly: true)

    static let columns: [SQLColumn] = [
        SQLColumn("pid", "int8", prefix: "w."),
        SQLColumn("status", "text", prefix: "w."),
        SQLColumn("receive_start_lsn_bytes", "numeric", WALPosition.bytes("w.receive_start_lsn")),
        SQLColumn("receive_start_tli", "int8", prefix: "w."),
        SQLColumn("written_lsn_bytes", "numeric", WALPosition.bytes("w.written_lsn"), since: PostgresVersion.v13),
        // PostgreSQL 13 renamed received_lsn to flushed_lsn.
        SQLColumn("flushed_lsn_bytes", "numeric", variants: [
            (0, WALPosition.bytes("w.received_lsn")),
            (PostgresVersion.v13, WALPosition.bytes("w.flushed_lsn")),
        ]),
        SQLColumn("received_tli", "int8", prefix: "w."),
        SQLColumn("last_msg_send_time", "timestamptz", prefix: "w."),
        SQLColumn("last_msg_receipt_time", "timestamptz", prefix: "w."),
        SQLColumn("latest_end_lsn_bytes", "numeric", WALPosition.bytes("w.latest_end_lsn")),
        SQLColumn("latest_end_time", "timestamptz", prefix: "w."),
        SQLColumn("slot_name", "text", prefix: "w."),
        SQLColumn("sender_host", "text", prefix: "w."),
        SQLColumn("sender_port", "int8", prefix: "w."),
        SQLColumn("replay_lag_bytes", "int8", "pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())"),
        SQLColumn("replay_delay_seconds", "float8", "extract(epoch FROM now() - pg_last_xact_replay_timestamp())"),
    ]

    func sql(forServerVersion version: Int) -> String? {
        """
        SELECT
        \(Self.columns.selectList(forServerVersion: version))
        FROM pg_stat_wal_receiver w
        """
    }
}
