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
            let target = try await s.collector.lastWrittenSequence() + 20
            try await s.collector.waitForSequence(target)
            try await s.waitForCommitted(target)
            #expect(s.collector.logs.contains("connected to the backend"))

            await s.stopAll()
            try await ExactlyOnce.check(s.collector, in: s.database, committedAtLeast: target)
        }
    }

    @Test("a collector SIGKILLed repeatedly while it drains a backlog stores every sample exactly once")
    func collectorKilledRepeatedly() async throws {
        try await Scenario.run("collector-kills") { s in
            await s.backend.stop()
            try s.collector.start()
            try await s.collector.waitForSequence(100)
            try await s.backend.start()
            for _ in 0..<3 {
                let before = s.database.committedSequence(s.collector.collectorID)
                _ = await eventually(within: 30, every: .milliseconds(5)) { s.database.committedSequence(s.collector.collectorID) > before }
                await s.collector.stop(SIGKILL)
                try s.collector.start()
            }
            let target = try await s.collector.lastWrittenSequence() + 20
            try await s.collector.waitForSequence(target)
            try await s.waitForCommitted(target)

            await s.stopAll()
            try await ExactlyOnce.check(s.collector, in: s.database, committedAtLeast: target)
        }
    }
}
