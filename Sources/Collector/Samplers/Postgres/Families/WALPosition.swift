/// SQL for the server's current WAL position: the insert position on a primary, the last
/// received (or replayed) one on a standby, where `pg_current_wal_lsn()` is an error.
enum WALPosition {
    static let current = "CASE WHEN pg_is_in_recovery() THEN coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) ELSE pg_current_wal_lsn() END"

    /// Bytes from `lsn` to the current position.
    static func bytesBehind(_ lsn: String) -> String {
        "pg_wal_lsn_diff(\(current), \(lsn))"
    }

    /// An LSN as a byte position (numeric: it may exceed 2^63).
    static func bytes(_ lsn: String) -> String {
        "pg_wal_lsn_diff(\(lsn), '0/0')"
    }
}
