#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite("End to end: the backend down for a while")
struct BackendOutageTests {
    @Test("the collector spools while the backend is down; once it is back every sample arrives exactly once")
    func backendDownThenBack() async throws {
        try await Scenario.run("outage") { s in
            await s.backend.stop()
            try s.collector.start()
            // Several rounds spooled with nowhere to send them.
            try await s.collector.waitForSequence(60)
            try await Task.sleep(for: .seconds(3))
            let spooled = try await s.collector.lastWrittenSequence()
            #expect(s.database.committedSequence(s.collector.collectorID) == 0, "something was stored while the backend was down")
            #expect(s.collector.current?.isRunning == true, "the collector stopped while the backend was down:\n\(s.collector.logs)")

            try await s.backend.start()
            try await s.waitForCommitted(spooled)
            // And it keeps shipping what it samples after the backlog.
            let later = try await s.waitForProgress()
            #expect(s.collector.logs.contains("connected to the backend"))

            let checked = try await s.stopAndCheckExactlyOnce(committedAtLeast: later)
            #expect(checked.records >= Int(later))
        }
    }
}
