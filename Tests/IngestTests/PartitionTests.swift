import Ingest
import PostgresClient
import Testing

@Suite(.serialized) struct PartitionTests {
    @Test func createsPartitionsAheadAndDropsExpiredOnes() throws {
        try IngestDatabase.with(migrate: nil) { database in
            let connection = try database.connect()
            try Migrator().migrate(connection)
            let today = UTCDay.today()
            let maintainer = PartitionMaintainer(policy: PartitionPolicy(daysAhead: 3, retentionDays: 5, daysBehind: 1))
            let report = try maintainer.maintain(connection, today: today)
            let families = FamilyCatalog.standard.families.count
            #expect(report.created.count == families * 5)  // today-1 ... today+3
            #expect(report.dropped.isEmpty)
            let days = try maintainer.partitions(connection)
            for family in FamilyCatalog.standard.names {
                #expect(days[family] == Set((-1...3).map { today.adding(days: $0) }), "\(family)")
            }
            // Idempotent.
            #expect(try maintainer.maintain(connection, today: today).created.isEmpty)

            // Old partitions, as if made 10 days ago, are dropped; the window stays.
            try maintainer.createPartitions(connection, from: today.adding(days: -12), through: today.adding(days: -4))
            let dropped = try maintainer.dropExpired(connection, today: today)
            #expect(dropped.count == families * 7)  // today-12 ... today-6 end on or before today-5
            let after = try maintainer.partitions(connection)
            #expect(after["host_cpu"] == Set([-5, -4, -1, 0, 1, 2, 3].map { today.adding(days: $0) }))
            #expect(dropped.contains(PartitionMaintainer.partitionName(family: "host_cpu", day: today.adding(days: -6))))
        }
    }

    @Test func rowsGoToTheirDaysPartition() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let writer = IngestWriter(connector: database.connector)
            _ = try writer.write([IngestRecord(collectorID: "c1", sequence: 1, batch: TestBatches.hostLoad())])
            let name = PartitionMaintainer.partitionName(family: "host_load", day: .today())
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.\(name)") == 1)
        }
    }

    @Test func utcDaysConvert() {
        #expect(UTCDay(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(UTCDay(year: 2000, month: 1, day: 1).daysSinceEpoch == 10_957)
        #expect(UTCDay(microsecondsSince2000: 0) == UTCDay(year: 2000, month: 1, day: 1))
        #expect(UTCDay(microsecondsSince2000: -1) == UTCDay(year: 1999, month: 12, day: 31))
        #expect(UTCDay(year: 2024, month: 2, day: 29).compact == "20240229")
        #expect(UTCDay(compact: "20240230") == nil)
        #expect(UTCDay(compact: "20261125") == UTCDay(year: 2026, month: 11, day: 25))
    }
}
