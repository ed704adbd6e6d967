import Testing
import WireProtocol

/// Graceful shutdown: in-flight transactions finish and are acknowledged, then every
/// connection gets ERROR `shutting_down` and is closed.
@Suite struct ShutdownTests {
    @Test func shutdownAcknowledgesTheWorkInFlightThenClosesEveryConnection() async throws {
        try await withServer { server in
            let busyID = uniqueCollectorID("busy")
            let quietID = uniqueCollectorID("quiet")
            try server.database.register(busyID)
            try server.database.register(quietID)
            let (busy, _) = try await server.establish(busyID)
            let (quiet, _) = try await server.establish(quietID)

            let lock = try RowLock(server.database, collectorID: busyID)
            busy.send(TestBatch.message(1))
            try await lock.awaitBlockedWriter()
            let stopping = Task { await server.server.shutdown() }

            let quietError = try #require(try await quiet.nextError())
            #expect(quietError.code == .shuttingDown)
            try await quiet.awaitClose()

            lock.release()
            #expect(try await busy.nextMessage() == .ack(Ack(committedThrough: 1)))
            let busyError = try #require(try await busy.nextError())
            #expect(busyError.code == .shuttingDown)
            try await busy.awaitClose()
            await stopping.value
            #expect(server.server.connectionCount == 0)
            #expect(try server.database.hostLoadRows(busyID) == 1)
        }
    }
}
