/// Every metric family the collector knows, named as on the wire and in the metrics database.
public enum MetricFamily: String, CaseIterable, Hashable, Sendable, Comparable {
    case pgCluster = "pg_cluster"
    case pgSettingsChanged = "pg_settings_changed"
    case pgStatDatabase = "pg_stat_database"
    case pgActivity = "pg_activity"
    case pgLocks = "pg_locks"
    case pgBlocking = "pg_blocking"
    case pgStatStatements = "pg_stat_statements"
    case pgStatStatementsText = "pg_stat_statements_text"
    case pgReplication = "pg_replication"
    case pgReplicationSlots = "pg_replication_slots"
    case pgWalReceiver = "pg_wal_receiver"
    case pgWal = "pg_wal"
    case pgCheckpointer = "pg_checkpointer"
    case pgArchiver = "pg_archiver"
    case pgStatIO = "pg_stat_io"
    case pgTables = "pg_tables"
    case pgIndexes = "pg_indexes"
    case pgVacuumProgress = "pg_vacuum_progress"
    case pgAutovacuum = "pg_autovacuum"
    case pgExtensions = "pg_extensions"
    case hostCPU = "host_cpu"
    case hostLoad = "host_load"
    case hostMemory = "host_memory"
    case hostDisk = "host_disk"
    case hostFilesystem = "host_filesystem"
    case hostNetwork = "host_network"
    case collectorProcess = "collector_process"
    case collectorEvents = "collector_events"

    /// Where a family's samples come from.
    public enum Source: String, Sendable {
        case postgres, host, collector
    }

    public var source: Source {
        if rawValue.hasPrefix("pg_") { return .postgres }
        if rawValue.hasPrefix("host_") { return .host }
        return .collector
    }

    /// The family's name on the wire.
    public var name: String { rawValue }

    /// Families that change slowly (inventories, sizes): sampled at least every 5 minutes
    /// unless `[intervals]` says otherwise.
    public var isSlow: Bool {
        switch self {
        case .pgSettingsChanged, .pgExtensions, .pgTables, .pgIndexes: true
        default: false
        }
    }

    /// The interval a family gets when `[intervals]` does not name it.
    public func defaultInterval(base: Int) -> Int {
        isSlow ? max(base, 300) : base
    }

    /// Families turned on or off together by the v3 `enable_*` switches of `[metrics]`.
    public static let groupSwitches: [String: [MetricFamily]] = [
        "enable_pg_stat_statements": [.pgStatStatements, .pgStatStatementsText],
        "enable_replication": [.pgReplication, .pgReplicationSlots, .pgWalReceiver],
        "enable_wal_level": [.pgWal, .pgArchiver],
    ]

    public static func < (lhs: MetricFamily, rhs: MetricFamily) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
