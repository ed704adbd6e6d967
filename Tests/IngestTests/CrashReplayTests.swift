import Ingest
import PostgresClient
import Testing
import WireProtocol

@Suite(.serialized) struct CrashReplayTests {
    /// A backend killed in the middle of a COPY commits nothing; the replay stores each record
    /// once, with no gap.
    @Test func killedMidTransactionCommitsNothingAndTheReplayIsExactlyOnce() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let victim = try database.connect()
            let killer = try database.connect()
            try victim.execute("BEGIN")
            _ = try victim.query("SELECT committed_sequence FROM pganalytics.collectors WHERE id = 'c1' FOR UPDATE")
            try victim.beginCopyIn("COPY pganalytics.host_load (load1, \"time\", collector_id) FROM STDIN (FORMAT binary)")
            var stream: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            let batch = try TestBatches.hostLoad()
            for _ in 0..<100 {
                let start = stream.count
                batch.appendCopyTuple(row: 0, columns: [batch.columnIndex(named: "load1")], to: &stream)
                stream += [0, 0, 0, 8] + withUnsafeBytes(of: batch.sampledAt.bigEndian, Array.init)
                stream += [0, 0, 0, 2] + Array("c1".utf8)
                stream[start + 1] = 3
            }
            try victim.putCopyData(Array(stream.prefix(stream.count / 2)))
            _ = try killer.query("SELECT pg_terminate_backend($1::int)", params: [String(victim.backendPID)])
            #expect(throws: PostgresError.self) {
                try victim.putCopyData(Array(stream.dropFirst(stream.count / 2)) + [0xFF, 0xFF])
                try victim.endCopy()
                try victim.execute("COMMIT")
            }
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 0)
            #expect(try database.scalar("SELECT committed_sequence FROM pganalytics.collectors WHERE id = 'c1'") == 0)

            let records = try (1...3).map { IngestRecord(collectorID: "c1", sequence: UInt64($0), batch: try TestBatches.hostLoad(load1: Double($0))) }
            let writer = IngestWriter(connector: database.connector)
            #expect(try writer.write(records).committedSequences["c1"] == 3)
            #expect(try writer.write(records).outcomes.map(\.status) == Array(repeating: .duplicate, count: 3))
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 3)
        }
    }

    /// A writer whose session is terminated between writes reconnects and retries; the caller
    /// sees only the result.
    @Test func aTerminatedSessionIsRetriedTransparently() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let writer = IngestWriter(options: WriterOptions(backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(50))),
                                      connector: database.connector)
            _ = try writer.write([IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad())])
            let pid = try #require(writer.currentConnection?.backendPID)
            let killer = try database.connect()
            _ = try killer.query("SELECT pg_terminate_backend($1::int)", params: [String(pid)])
            let result = try writer.write([IngestRecord(collectorID: "c1", sequence: 2, batch: try TestBatches.hostLoad())])
            #expect(result.outcomes.map(\.status) == [.stored(rows: 1)])
            #expect(writer.transientFailures >= 1)
            #expect(writer.currentConnection?.backendPID != pid)
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 2)
        }
    }

    /// While the database refuses connections, the writer keeps trying; with a limit, it gives up
    /// with `unavailable`.
    @Test func givesUpAfterMaxAttemptsWhenConfigured() throws {
        var parameters = try IngestDatabase.clusterParameters()
        parameters.database = "pga_ingest_does_not_exist"
        let writer = IngestWriter(parameters: parameters, options: WriterOptions(backoff: Backoff(initial: .milliseconds(1), maximum: .milliseconds(2)), maxAttempts: 3))
        #expect {
            _ = try writer.write([IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad())])
        } throws: { error in
            guard case IngestError.unavailable = error else { return false }
            return true
        }
        #expect(writer.transientFailures == 3)
    }
}
