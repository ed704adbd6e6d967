#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite("End to end: the backend killed in the middle of a COPY")
struct BackendKillTests {
    @Test("a backend SIGKILLed inside a transaction's COPY, restarted, gets the same frames again: no duplicate, no gap")
    func backendKilledDuringCopy() async throws {
        try await Scenario.run("backend-kill") { s in
            try s.collector.start()
            try await s.waitForShipping()

            let lock = try s.lock("host_load")
            try await s.waitForBlockedCopy()
            let committedBeforeKill = s.database.committedSequence(s.collector.collectorID)
            await s.backend.stop(SIGKILL)
            try lock.execute("ROLLBACK")
            lock.close()
            // The killed transaction left nothing behind: its session is gone and it never committed.
            let gone = await eventually(within: 30) {
                ((try? s.database.integer("""
                    SELECT count(*)::bigint FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'COPY%'
                    """)) ?? 1) == 0
            }
            #expect(gone, "the killed backend's COPY session is still there")
            #expect(s.database.committedSequence(s.collector.collectorID) == committedBeforeKill)

            // The collector keeps spooling; the restarted backend receives the unacknowledged
            // frames again, byte for byte from the spool.
            try await Task.sleep(for: .seconds(2))
            try await s.backend.start()
            let target = try await s.waitForProgress()
            try await s.stopAndCheckExactlyOnce(committedAtLeast: target)
        }
    }

    @Test("a backend SIGKILLed repeatedly while a backlog drains stores every sample exactly once")
    func backendKilledRepeatedly() async throws {
        try await Scenario.run("backend-kills") { s in
            try await s.drainBacklog(killingThreeTimes: {
                await s.backend.stop(SIGKILL)
                try await s.backend.start()
            })
        }
    }
}
