import Ingest
import PostgresClient
import Testing
import WireProtocol

@Suite(.serialized) struct GroupCommitTests {
    static let collectors = (0..<100).map { "collector-\($0)" }

    @Test func ahundredCollectorsInOneTransaction() throws {
        try IngestDatabase.with { database in
            try database.register(Self.collectors)
            let records = try Self.collectors.flatMap { id in
                [IngestRecord(collectorID: id, sequence: 1, batch: try TestBatches.hostLoad()),
                 IngestRecord(collectorID: id, sequence: 2, batch: try TestBatches.statDatabase(rows: [(1, 5), (2, 6)]))]
            }
            let result = try IngestWriter(connector: database.connector).write(records)
            #expect(result.committedSequences.count == 100)
            #expect(result.committedSequences.values.allSatisfy { $0 == 2 })
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 100)
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.pg_stat_database") == 200)
            // One transaction: every row and every collector update has the same xmin.
            #expect(try database.scalar("""
                SELECT count(DISTINCT x)::int8 FROM (
                    SELECT xmin::text AS x FROM pganalytics.host_load UNION ALL SELECT xmin::text FROM pganalytics.pg_stat_database
                    UNION ALL SELECT xmin::text FROM pganalytics.collectors) s
                """) == 1)
        }
    }

    @Test func thePoolGroupsConcurrentSubmissions() async throws {
        try await IngestDatabase.withAsync { database in
            try database.register(Self.collectors)
            let pool = WriterPool(configuration: WriterPoolConfiguration(writers: 2), connector: database.connector)
            let results = try await withThrowingTaskGroup(of: WriteResult.self) { group in
                for id in Self.collectors {
                    group.addTask {
                        // Each collector pipelines three batches; they must arrive in order.
                        var last = WriteResult()
                        for sequence in 1...3 {
                            last = try await pool.submit([IngestRecord(collectorID: id, sequence: UInt64(sequence), batch: try TestBatches.hostLoad())])
                        }
                        return last
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            await pool.shutdown()
            #expect(results.count == 100)
            #expect(results.allSatisfy { $0.outcomes.map(\.status) == [.stored(rows: 1)] && $0.committedSequences.values.first == 3 })
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 300)
            let transactions = try #require(try database.scalar("SELECT count(DISTINCT xmin::text)::int8 FROM pganalytics.host_load"))
            #expect(transactions < 300, "submissions were grouped into \(transactions) transactions")
        }
    }

    @Test func aShutDownPoolRefusesWork() async throws {
        let pool = WriterPool(configuration: WriterPoolConfiguration(writers: 1)) { () throws(PostgresError) in
            throw PostgresError(.connectionFailed, "unused")
        }
        await pool.shutdown()
        await #expect(throws: IngestError.shutDown) {
            _ = try await pool.submit([IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad())])
        }
    }
}
