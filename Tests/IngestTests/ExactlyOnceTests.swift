import Ingest
import PostgresClient
import Testing
import WireProtocol

@Suite(.serialized) struct ExactlyOnceTests {
    @Test func theSameRecordsTwiceAreStoredOnce() throws {
        try IngestDatabase.with { database in
            try database.register(["c1", "c2"])
            let records = try (1...3).map { IngestRecord(collectorID: "c1", sequence: UInt64($0), batch: try TestBatches.hostLoad(load1: Double($0))) }
                + [IngestRecord(collectorID: "c2", sequence: 1, batch: try TestBatches.hostLoad())]
            let writer = IngestWriter(connector: database.connector)
            let first = try writer.write(records)
            #expect(first.outcomes.map(\.status) == Array(repeating: .stored(rows: 1), count: 4))
            #expect(first.committedSequences == ["c1": 3, "c2": 1])
            let second = try writer.write(records)
            #expect(second.outcomes.map(\.status) == Array(repeating: .duplicate, count: 4))
            #expect(second.committedSequences == ["c1": 3, "c2": 1])
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 4)
            #expect(try database.scalar("SELECT committed_sequence FROM pganalytics.collectors WHERE id = 'c1'") == 3)
            #expect(try database.scalar("SELECT samples_received FROM pganalytics.collectors WHERE id = 'c1'") == 3)
            let connection = try database.connect()
            #expect(try CollectorStore().committedSequence(of: "c1", on: connection) == 3)
        }
    }

    @Test func aReplayOverlappingTheCommittedOnesStoresOnlyTheNewOnes() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let writer = IngestWriter(connector: database.connector)
            let batches = try (1...5).map { IngestRecord(collectorID: "c1", sequence: UInt64($0), batch: try TestBatches.hostLoad(load1: Double($0))) }
            _ = try writer.write(Array(batches[0..<2]))
            // Out of order within the write: the writer orders by sequence.
            let result = try writer.write([batches[4], batches[1], batches[3], batches[2]])
            #expect(result.outcomes.map(\.status) == [.stored(rows: 1), .duplicate, .stored(rows: 1), .stored(rows: 1)])
            #expect(result.committedSequences["c1"] == 5)
            #expect(try database.scalar("SELECT count(DISTINCT load1) FROM pganalytics.host_load") == 5)
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 5)
        }
    }

    @Test func aForwardGapIsStoredAndCountedAsLost() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let writer = IngestWriter(connector: database.connector)
            let result = try writer.write([
                IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad()),
                IngestRecord(collectorID: "c1", sequence: 3, batch: try TestBatches.hostLoad()),
                IngestRecord(collectorID: "c1", sequence: 4, batch: try TestBatches.hostLoad()),
                IngestRecord(collectorID: "c1", sequence: 9, batch: try TestBatches.hostLoad()),
            ])
            #expect(result.outcomes.map(\.status) == [.stored(rows: 1), .stored(rows: 1), .stored(rows: 1), .stored(rows: 1)])
            #expect(result.gaps == [SequenceGap(collectorID: "c1", first: 2, last: 2), SequenceGap(collectorID: "c1", first: 5, last: 8)])
            #expect(result.committedSequences["c1"] == 9)
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 4)
            #expect(try database.scalar("SELECT lost_records FROM pganalytics.collectors WHERE id = 'c1'") == 5)
            // A replay of the same records counts nothing again.
            let replay = try writer.write([IngestRecord(collectorID: "c1", sequence: 9, batch: try TestBatches.hostLoad())])
            #expect(replay.outcomes.map(\.status) == [.duplicate])
            #expect(replay.gaps.isEmpty)
            #expect(try database.scalar("SELECT lost_records FROM pganalytics.collectors WHERE id = 'c1'") == 5)
        }
    }

    @Test func aSequenceBeyondTheCommittableRangeIsRefused() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let writer = IngestWriter(connector: database.connector)
            let result = try writer.write([
                IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad()),
                IngestRecord(collectorID: "c1", sequence: UInt64(Int64.max) + 1, batch: try TestBatches.hostLoad()),
            ])
            #expect(result.outcomes.map(\.status) == [.stored(rows: 1), .sequenceGap(expected: 2)])
            #expect(result.outcomes[1].status.errorCode == .sequenceGap)
            #expect(result.committedSequences["c1"] == 1)
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 1)
        }
    }

    @Test func unknownAndRevokedCollectorsAreRefused() throws {
        try IngestDatabase.with { database in
            try database.register(["c1", "revoked"])
            let connection = try database.connect()
            try CollectorStore().revoke("revoked", on: connection)
            let writer = IngestWriter(connector: database.connector)
            let result = try writer.write([
                IngestRecord(collectorID: "stranger", sequence: 1, batch: try TestBatches.hostLoad()),
                IngestRecord(collectorID: "revoked", sequence: 1, batch: try TestBatches.hostLoad()),
                IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad()),
            ])
            #expect(result.outcomes.map(\.status) == [.collectorUnknown, .collectorRevoked, .stored(rows: 1)])
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 1)
        }
    }
}
