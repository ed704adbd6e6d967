import Logging
import PostgresClient

/// Creates the daily partitions of every family table ahead of time and drops the ones past
/// retention. Call `maintain` at startup and then periodically (hourly is plenty); it is
/// idempotent and safe to run from several backends at once (an advisory lock serialises it).
///
/// A partition of family `f` for day `d` is `pganalytics.f_pYYYYMMDD`, holding
/// `[d 00:00 UTC, d+1 00:00 UTC)`. Only partitions named that way are ever dropped.
public struct PartitionMaintainer: Sendable {
    /// The key of the advisory lock that serialises maintainers.
    public static let advisoryLockKey: Int64 = 0x7067_615F_7061_7274  // "pga_part"

    public let catalog: FamilyCatalog
    public let policy: PartitionPolicy
    public let logger: Logger

    public init(catalog: FamilyCatalog = .standard, policy: PartitionPolicy = PartitionPolicy(),
                logger: Logger = Logger(label: "pganalytics.ingest.partitions")) {
        self.catalog = catalog
        self.policy = policy
        self.logger = logger
    }

    /// What one `maintain` call changed.
    public struct Report: Hashable, Sendable {
        /// Partitions created, as `family_pYYYYMMDD`.
        public var created: [String] = []
        /// Partitions dropped.
        public var dropped: [String] = []
    }

    /// Creates the missing partitions from `today − daysBehind` through `today + daysAhead` and
    /// drops those past retention, one transaction per day created and one for the drops.
    ///
    /// - Parameter today: the day to count from (tests pass other days).
    @discardableResult
    public func maintain(_ connection: PostgresConnection, today: UTCDay = .today()) throws(PostgresError) -> Report {
        var report = Report()
        report.created = try createPartitions(connection, from: today.adding(days: -policy.daysBehind), through: today.adding(days: policy.daysAhead))
        report.dropped = try dropExpired(connection, today: today)
        return report
    }

    /// Creates every missing partition of every family for the days `from...through`.
    @discardableResult
    public func createPartitions(_ connection: PostgresConnection, from: UTCDay, through: UTCDay) throws(PostgresError) -> [String] {
        guard from <= through else { return [] }
        var created: [String] = []
        var existing = try partitions(connection)
        for day in (from.daysSinceEpoch...through.daysSinceEpoch).map(UTCDay.init(daysSinceEpoch:)) {
            let missing = catalog.families.filter { existing[$0.name]?.contains(day) != true }
            guard !missing.isEmpty else { continue }
            try transaction(connection) { () throws(PostgresError) in
                try connection.execute("SELECT pg_advisory_xact_lock(\(Self.advisoryLockKey))")
                // Another maintainer may have made them while this one waited for the lock.
                existing = try partitions(connection)
                for family in missing where existing[family.name]?.contains(day) != true {
                    try connection.execute(Self.createSQL(family: family.name, day: day))
                    created.append(Self.partitionName(family: family.name, day: day))
                }
            }
        }
        if !created.isEmpty { logger.info("created partitions", metadata: ["count": "\(created.count)"]) }
        return created
    }

    /// Drops the partitions that end on or before the start of `today − retentionDays`.
    @discardableResult
    public func dropExpired(_ connection: PostgresConnection, today: UTCDay = .today()) throws(PostgresError) -> [String] {
        let cutoff = today.adding(days: -policy.retentionDays)
        let expired = try partitions(connection).flatMap { family, days in
            days.filter { $0.adding(days: 1) <= cutoff }.sorted().map { (family, $0) }
        }
        guard !expired.isEmpty else { return [] }
        var dropped: [String] = []
        try transaction(connection) { () throws(PostgresError) in
            try connection.execute("SELECT pg_advisory_xact_lock(\(Self.advisoryLockKey))")
            for (family, day) in expired {
                let name = Self.partitionName(family: family, day: day)
                try connection.execute("DROP TABLE IF EXISTS \(SQLName.qualified(name))")
                dropped.append(name)
            }
        }
        logger.info("dropped expired partitions", metadata: ["count": "\(dropped.count)", "before": "\(cutoff)"])
        return dropped
    }

    /// The days that have a partition, per family of the catalog.
    public func partitions(_ connection: PostgresConnection) throws(PostgresError) -> [String: Set<UTCDay>] {
        let result = try connection.query("""
            SELECT parent.relname::text, child.relname::text
            FROM pg_inherits i
            JOIN pg_class child ON child.oid = i.inhrelid
            JOIN pg_class parent ON parent.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = parent.relnamespace
            WHERE n.nspname = 'pganalytics'
            """)
        var days: [String: Set<UTCDay>] = [:]
        for row in result.rows {
            guard case .text(let parent) = row[0], case .text(let child) = row[1], catalog[parent] != nil,
                  child.hasPrefix(parent + "_p"), let day = UTCDay(compact: child.dropFirst(parent.count + 2)) else { continue }
            days[parent, default: []].insert(day)
        }
        return days
    }

    /// `family_pYYYYMMDD`.
    public static func partitionName(family: String, day: UTCDay) -> String {
        "\(family)_p\(day.compact)"
    }

    static func createSQL(family: String, day: UTCDay) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(SQLName.qualified(partitionName(family: family, day: day)))
            PARTITION OF \(SQLName.qualified(family))
            FOR VALUES FROM ('\(day) 00:00:00+00') TO ('\(day.adding(days: 1)) 00:00:00+00')
        """
    }

    private func transaction(_ connection: PostgresConnection, _ body: () throws(PostgresError) -> Void) throws(PostgresError) {
        do {
            try connection.withTransaction { _ in try body() }
        } catch let error as PostgresError {
            throw error
        } catch {
            throw PostgresError(.queryFailed, "\(error)")
        }
    }
}
