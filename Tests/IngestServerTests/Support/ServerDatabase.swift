import IngestTestSupport
import Testing

/// The migrated database every test of this target shares; tests keep apart by using collector
/// ids of their own.
extension MigratedDatabase {
    /// The shared database, created and migrated on first use.
    static func shared(sourceLocation: SourceLocation = #_sourceLocation) throws -> MigratedDatabase {
        try shared(prefix: "pga_ingest_server_", sourceLocation: sourceLocation)
    }

    /// Rows of `host_load` stored for `collectorID`.
    func hostLoadRows(_ collectorID: String) throws -> Int64 {
        try scalar("SELECT count(*) FROM pganalytics.host_load WHERE collector_id = $1", [collectorID]) ?? -1
    }

    /// Distinct `load1` values stored for `collectorID` (each test batch has its own).
    func distinctHostLoads(_ collectorID: String) throws -> Int64 {
        try scalar("SELECT count(DISTINCT load1) FROM pganalytics.host_load WHERE collector_id = $1", [collectorID]) ?? -1
    }

    /// The collector's committed sequence.
    func committed(_ collectorID: String) throws -> Int64 {
        try scalar("SELECT committed_sequence FROM pganalytics.collectors WHERE id = $1", [collectorID]) ?? -1
    }

    /// The collector's lost records.
    func lost(_ collectorID: String) throws -> Int64 {
        try scalar("SELECT lost_records FROM pganalytics.collectors WHERE id = $1", [collectorID]) ?? -1
    }
}
