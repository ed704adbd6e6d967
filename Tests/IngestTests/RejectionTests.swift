import Ingest
import PostgresClient
import Testing
import WireProtocol

@Suite(.serialized) struct RejectionTests {
    /// A timestamp PostgreSQL cannot hold (past its range, not ±infinity) fails the COPY; that
    /// record alone is rejected and the others commit.
    @Test func aValueOutOfRangeRejectsThatBatchOnly() throws {
        try IngestDatabase.with { database in
            try database.register(["c1", "c2"])
            let writer = IngestWriter(connector: database.connector)
            let result = try writer.write([
                IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.statDatabase(rows: [(1, 10)])),
                IngestRecord(collectorID: "c1", sequence: 2, batch: try TestBatches.statDatabase(rows: [(1, 20)], statsReset: Int64.max - 1)),
                IngestRecord(collectorID: "c1", sequence: 3, batch: try TestBatches.statDatabase(rows: [(1, 30)])),
                IngestRecord(collectorID: "c2", sequence: 1, batch: try TestBatches.statDatabase(rows: [(1, 40)])),
                IngestRecord(collectorID: "c2", sequence: 2, batch: try TestBatches.hostLoad()),
            ])
            let statuses = result.outcomes.map(\.status)
            #expect(statuses[0] == .stored(rows: 1))
            guard case .rejected(let reason) = statuses[1] else {
                Issue.record("record 2 was not rejected: \(statuses[1])")
                return
            }
            #expect(reason.contains("out of range"))
            #expect(statuses[1].errorCode == .batchRejected)
            #expect(Array(statuses[2...]) == [.stored(rows: 1), .stored(rows: 1), .stored(rows: 1)])
            #expect(result.committedSequences == ["c1": 3, "c2": 2])
            #expect(try database.scalar("SELECT sum(xact_commit)::int8 FROM pganalytics.pg_stat_database") == 80)
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 1)
        }
    }

    /// A table CHECK constraint refuses a value: that batch is rejected, the others commit.
    @Test func aCheckConstraintRejectsThatBatchOnly() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let admin = try database.connect()
            try admin.execute("ALTER TABLE pganalytics.host_load ADD CONSTRAINT load_not_negative CHECK (load1 >= 0)")
            let writer = IngestWriter(connector: database.connector)
            let result = try writer.write((1...4).map { sequence in
                IngestRecord(collectorID: "c1", sequence: UInt64(sequence), batch: try! TestBatches.hostLoad(load1: sequence == 3 ? -1 : Double(sequence)))
            })
            #expect(result.outcomes.map { $0.status.errorCode } == [nil, nil, .batchRejected, nil])
            #expect(result.committedSequences["c1"] == 4)
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 3)
        }
    }

    /// A batch older than every partition (past retention) cannot be stored: it is rejected.
    @Test func aBatchWithoutPartitionIsRejected() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let writer = IngestWriter(connector: database.connector)
            let longAgo = TestBatches.now() - 400 * 86_400_000_000
            let result = try writer.write([
                IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad(at: longAgo)),
                IngestRecord(collectorID: "c1", sequence: 2, batch: try TestBatches.hostLoad()),
            ])
            #expect(result.outcomes.map { $0.status.errorCode } == [.batchRejected, nil])
            #expect(result.committedSequences["c1"] == 2)
        }
    }
}
