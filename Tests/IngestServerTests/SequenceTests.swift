import Testing
import WireProtocol

/// Sequences over live connections: replays are acknowledged and stored once, a forward jump
/// is accepted and counted as lost, a sequence that goes back is fatal.
@Suite struct SequenceTests {
    @Test func replaysOnAReconnectAndOnTheSameConnectionAreStoredOnce() async throws {
        try await withServer { server in
            let id = uniqueCollectorID("replay")
            try server.database.register(id)
            let (first, welcome) = try await server.establish(id)
            #expect(welcome.committedSequence == 0)
            first.send((1...5).map { TestBatch.message($0) })
            try await first.awaitAck(5)
            // The collector lost the ACK (say) and reconnects: it is told 5 and replays from 3.
            await first.close()
            try await first.awaitClose()
            let (second, again) = try await server.establish(id)
            #expect(again.committedSequence == 5)
            second.send((3...8).map { TestBatch.message($0) })
            // Each replayed sequence is acknowledged as it comes, without a transaction.
            for sequence: UInt64 in 3...5 {
                #expect(try await second.nextMessage() == .ack(Ack(committedThrough: sequence)))
            }
            try await second.awaitAck(8)
            #expect(try server.database.hostLoadRows(id) == 8)
            #expect(try server.database.distinctHostLoads(id) == 8)
            #expect(try server.database.committed(id) == 8)
            #expect(try server.database.lost(id) == 0)
        }
    }

    @Test func aForwardGapIsAcceptedAndCountedAsLost() async throws {
        try await withServer { server in
            let id = uniqueCollectorID("gap")
            try server.database.register(id)
            let (client, _) = try await server.establish(id)
            // The spool dropped 1 and 2 before they were sent, and later 5...9.
            client.send(TestBatch.message(3), TestBatch.message(4))
            try await client.awaitAck(4)
            client.send(TestBatch.message(10))
            try await client.awaitAck(10)
            #expect(try server.database.hostLoadRows(id) == 3)
            #expect(try server.database.lost(id) == 2 + 5)
            #expect(try server.database.committed(id) == 10)
        }
    }

    @Test func aSequenceThatGoesBackIsFatal() async throws {
        try await withServer { server in
            let id = uniqueCollectorID("back")
            try server.database.register(id)
            let (client, _) = try await server.establish(id)
            client.send(TestBatch.message(1), TestBatch.message(2), TestBatch.message(2))
            let error = try #require(try await client.nextError())
            #expect(error.code == .sequenceGap)
            #expect(error.fatal)
            #expect(error.message.contains("sequence 2 after 2"))
            try await client.awaitClose()
            // Once the connection settled (its transaction in flight, if any, ended): 1 and 2
            // stored at most once each.
            try await eventually("the connection to settle") { server.server.connectionCount == 0 }
            #expect(try server.database.scalar("SELECT count(*) - count(DISTINCT load1) FROM pganalytics.host_load WHERE collector_id = $1", [id]) == 0)
            #expect(try server.database.hostLoadRows(id) <= 2)
        }
    }

    @Test func anUnknownFamilyIsAcknowledgedWithANonFatalError() async throws {
        try await withServer { server in
            let id = uniqueCollectorID("family")
            try server.database.register(id)
            let (client, _) = try await server.establish(id)
            let future = try Batch(family: "pg_from_the_future", sampledAt: TestBatch.now(), columns: [.init(name: "x", type: .int8)],
                                   rows: [[.int8(1)]])
            client.send(.batch(sequence: 1, future), TestBatch.message(2))
            let error = try #require(try await client.nextError())
            #expect(error.code == .unknownFamily)
            #expect(!error.fatal)
            #expect(error.sequence == 1)
            try await client.awaitAck(2)
            #expect(try server.database.hostLoadRows(id) == 1)
        }
    }
}
