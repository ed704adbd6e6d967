#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

@Suite("End to end: the metrics database restarted under load")
struct DatabaseRestartTests {
    @Test("the metrics database crashes and restarts while a backlog drains: every sample exactly once")
    func databaseRestartedUnderLoad() async throws {
        let directory = try Scenario.makeDirectory("db-restart")
        // A cluster of its own: crashing the shared test cluster would break the other tests.
        let cluster = try await DedicatedCluster.start(logDirectory: directory)
        do {
            try await Scenario.run("db-restart", database: cluster.database, directory: directory) { s in
                await s.backend.stop()
                try s.collector.start()
                try await s.collector.waitForSequence(100)
                try await s.backend.start()
                try await s.waitForShipping()

                try await cluster.crash()
                try await Task.sleep(for: .seconds(2))
                try await cluster.startAgain()

                let target = try await s.waitForProgress()
                #expect(s.backend.current?.isRunning == true, "the backend stopped when its database restarted:\n\(s.backend.logs)")

                try await s.stopAndCheckExactlyOnce(committedAtLeast: target)
            }
        } catch {
            await cluster.remove()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        await cluster.remove()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
