/// Knobs of the PostgreSQL samplers; the defaults bound each family's rows per round.
public struct PostgresSamplerOptions: Hashable, Sendable {
    /// Statements sent per round by `pg_stat_statements`, besides the `<other>` row.
    public var statementsLimit: Int
    /// Characters of query text sent by `pg_stat_statements_text`.
    public var statementTextLength: Int
    /// Largest and busiest tables sent per database by `pg_tables` (up to twice this many rows).
    public var tablesLimit: Int
    /// Largest and most scanned indexes sent per database by `pg_indexes`.
    public var indexesLimit: Int
    /// Families turned off in the configuration.
    public var disabled: Set<String>

    public init(statementsLimit: Int = 50, statementTextLength: Int = 8192, tablesLimit: Int = 100, indexesLimit: Int = 100,
                disabled: Set<String> = []) {
        self.statementsLimit = statementsLimit
        self.statementTextLength = statementTextLength
        self.tablesLimit = tablesLimit
        self.indexesLimit = indexesLimit
        self.disabled = disabled
    }
}

/// Every PostgreSQL family, in collection order.
public enum PostgresFamilies {
    /// New family objects (they keep per-connection state): the cluster-wide ones when
    /// `includeCluster`, then the per-database ones.
    public static func make(options: PostgresSamplerOptions = PostgresSamplerOptions(), includeCluster: Bool = true) -> [any PostgresFamily] {
        let tracker = StatementsTracker(limit: options.statementsLimit, textLength: options.statementTextLength)
        let cluster: [any PostgresFamily] = [
            ClusterFamily(), SettingsChangedFamily(), StatDatabaseFamily(), ActivityFamily(), LocksFamily(), BlockingFamily(),
            StatementsFamily(tracker: tracker), StatementTextsFamily(tracker: tracker),
            ReplicationFamily(), ReplicationSlotsFamily(), WALReceiverFamily(), WALFamily(), CheckpointerFamily(), ArchiverFamily(),
            StatIOFamily(), AutovacuumFamily(),
        ]
        let database: [any PostgresFamily] = [
            TablesFamily(limit: options.tablesLimit), IndexesFamily(limit: options.indexesLimit), VacuumProgressFamily(), ExtensionsFamily(),
        ]
        return (includeCluster ? cluster : []) + database
    }
}
