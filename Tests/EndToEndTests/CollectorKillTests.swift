#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite("End to end: the collector killed while shipping")
struct CollectorKillTests {
    @Test("a collector SIGKILLed with batches in flight, restarted, stores every sample exactly once")
    func collectorKilledWhileShipping() async throws {
        try await Scenario.run("collector-kill") { s in
            try s.collector.start()
            try await s.waitForShipping()

            // The backend's transaction waits on host_load while the collector has frames in
            // flight; the collector dies before any ACK for them can reach it.
            let lock = try s.lock("host_load")
            try await s.waitForBlockedCopy()
            await s.collector.stop(SIGKILL)
            let acknowledgedBeforeKill = s.database.committedSequence(s.collector.collectorID)
            try lock.execute("ROLLBACK")
            lock.close()
            // The backend commits what it had received; the dead collector never hears of it.
            _ = await eventually(within: 30) { s.database.committedSequence(s.collector.collectorID) > acknowledgedBeforeKill }

            try s.collector.start()
            let target = try await s.waitForProgress()
            #expect(s.collector.logs.contains("connected to the backend"))

            try await s.stopAndCheckExactlyOnce(committedAtLeast: target)
        }
    }

    @Test("a collector SIGKILLed repeatedly while it drains a backlog stores every sample exactly once")
    func collectorKilledRepeatedly() async throws {
        try await Scenario.run("collector-kills") { s in
            try await s.drainBacklog(killingThreeTimes: {
                await s.collector.stop(SIGKILL)
                try s.collector.start()
            })
        }
    }
}
