#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite("End to end: a revoked collector")
struct RevocationTests {
    @Test("a collector revoked through the HTTP API is refused at its next connection and says so in its log")
    func revokedCollectorIsRefused() async throws {
        try await Scenario.run("revoked") { s in
            try s.collector.start()
            try await s.waitForShipping()

            let revoked = try await s.backend.revoke(s.collector.collectorID)
            #expect(revoked.status == 200, "\(revoked.body)")
            #expect(revoked.body.contains("\"revoked\":true"), "\(revoked.body)")

            // Its next connection: the collector restarts.
            await s.collector.stop()
            try s.collector.start()
            let said = await eventually(within: 60) { s.collector.logs.contains("collector revoked by the backend") }
            #expect(said, "the collector's log does not say it was revoked:\n\(s.collector.logs)")

            // It keeps sampling into its spool, and nothing more is stored.
            let committed = s.database.committedSequence(s.collector.collectorID)
            let rows = try s.database.integer("SELECT samples_received::bigint FROM pganalytics.collectors WHERE id = $1", [s.collector.collectorID])
            try await s.collector.waitForSequence(try await s.collector.lastWrittenSequence() + 40)
            #expect(s.collector.current?.isRunning == true)
            #expect(s.database.committedSequence(s.collector.collectorID) == committed)
            #expect(try s.database.integer("SELECT samples_received::bigint FROM pganalytics.collectors WHERE id = $1", [s.collector.collectorID]) == rows)
            #expect(try s.database.collector(s.collector.collectorID)?.revoked == true)
            #expect(s.backend.logs.contains("collector_revoked") || s.backend.logs.contains("revoked"))
        }
    }
}
