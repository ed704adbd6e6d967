import Ingest
import Testing
import WireProtocol

/// One connection per collector: a new one supersedes the old, and the old one's transaction in
/// flight settles before the new one is welcomed, so nothing is stored twice or skipped.
@Suite struct SupersedeTests {
    @Test func aNewConnectionSupersedesTheOldAfterItsWorkInFlightSettled() async throws {
        try await withServer { server in
            let id = uniqueCollectorID("supersede")
            try server.database.register(id)
            let (old, _) = try await server.establish(id)
            old.send(TestBatch.message(1))
            try await old.awaitAck(1)

            // Records 2...6 go into a transaction that cannot commit yet.
            let lock = try RowLock(server.database, collectorID: id)
            old.send((2...6).map { TestBatch.message($0) })
            try await lock.awaitBlockedWriter()

            let new = try await server.connect(id)
            new.send(.hello(Hello(firstUnacknowledged: 1, lastWritten: 8, software: "t", hostname: "t")))
            let error = try #require(try await old.nextError())
            #expect(error.code == .superseded)
            #expect(error.fatal)
            try await old.awaitClose()

            lock.release()
            // WELCOME waited for the old connection's transaction: it reports what it committed.
            guard case .welcome(let welcome) = try await new.nextMessage() else {
                Issue.record("no WELCOME")
                return
            }
            #expect(welcome.committedSequence >= 2)
            let committed = welcome.committedSequence
            #expect(committed == UInt64(try server.database.committed(id)))
            // The collector, which never got those ACKs, replays everything from 2.
            new.send((2...8).map { TestBatch.message($0) })
            try await new.awaitAck(8)
            #expect(try server.database.hostLoadRows(id) == 8)
            #expect(try server.database.distinctHostLoads(id) == 8)
            #expect(try server.database.lost(id) == 0)
        }
    }

    @Test func theWriterPoolSkipsRecordsCommittedByAnEarlierSubmission() async throws {
        // Even were a stale WELCOME sent, the pool would store nothing twice: records at or
        // below the committed sequence are skipped inside the transaction.
        try await withServer { server in
            let id = uniqueCollectorID("pool")
            try server.database.register(id)
            let records = (1...4).map { sequence in
                IngestRecordMaker.make(id, UInt64(sequence))
            }
            _ = try await server.pool.submit(records)
            let again = try await server.pool.submit(records + [IngestRecordMaker.make(id, 5)])
            #expect(again.outcomes.map(\.status) == [.duplicate, .duplicate, .duplicate, .duplicate, .stored(rows: 1)])
            #expect(try server.database.hostLoadRows(id) == 5)
        }
    }
}
