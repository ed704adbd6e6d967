import Ingest
import PostgresClient
import Testing
import WireProtocol

@Suite(.serialized) struct SchemaDriftTests {
    @Test func extraColumnsAreDroppedAndReportedOnceMissingOnesAreNull() throws {
        try IngestDatabase.with { database in
            try database.register(["c1", "c2"])
            let seen = Locked<[SchemaDrift]>([])
            let reporter = SchemaDriftReporter { drift in seen.withLock { $0.append(drift) } }
            let writer = IngestWriter(drift: reporter, connector: database.connector)
            let records = try (1...3).map {
                IngestRecord(collectorID: "c1", sequence: UInt64($0), batch: try TestBatches.hostLoad(extraColumn: true, dropForks: true))
            }
            _ = try writer.write(Array(records[0..<2]))
            _ = try writer.write([records[2], IngestRecord(collectorID: "c2", sequence: 1, batch: try TestBatches.hostLoad(extraColumn: true))])
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load WHERE forks IS NULL AND load5 = 0.25") == 3)
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load WHERE forks = 77") == 1)
            let drifts = seen.withLock { $0 }
            #expect(drifts.count == 2)  // once for c1, once for c2
            #expect(Set(drifts.map(\.collectorID)) == ["c1", "c2"])
            #expect(drifts.allSatisfy { $0.family == "host_load" && $0.column == "brand_new_gauge" && $0.kind == .unknownColumn })
        }
    }

    @Test func aColumnOfAnotherTypeIsDroppedAndReported() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let batch = try Batch(family: "host_load", sampledAt: TestBatches.now(),
                                  columns: [.init(name: "load1", type: .text), .init(name: "load5", type: .float8)],
                                  rows: [[.text("high"), .float8(1.5)]])
            let writer = IngestWriter(connector: database.connector)
            #expect(try writer.write([IngestRecord(collectorID: "c1", sequence: 1, batch: batch)]).outcomes.first?.status == .stored(rows: 1))
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load WHERE load1 IS NULL AND load5 = 1.5") == 1)
            #expect(writer.drift.reported.map(\.kind) == [.typeMismatch(table: .float8)])
        }
    }

    @Test func anUnknownFamilyIsNotStoredButItsSequenceCounts() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let future = try Batch(family: "pg_something_new", sampledAt: TestBatches.now(), columns: [.init(name: "x", type: .int8)], rows: [[.int8(1)]])
            let writer = IngestWriter(connector: database.connector)
            let result = try writer.write([
                IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad()),
                IngestRecord(collectorID: "c1", sequence: 2, batch: future),
                IngestRecord(collectorID: "c1", sequence: 3, batch: try TestBatches.hostLoad()),
            ])
            #expect(result.outcomes.map(\.status) == [.stored(rows: 1), .unknownFamily, .stored(rows: 1)])
            #expect(result.outcomes[1].status.errorCode == .unknownFamily)
            #expect(result.committedSequences["c1"] == 3)
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 2)
            #expect(try database.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'pg_something_new'") == 0)
        }
    }
}
