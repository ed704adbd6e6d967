import ExecutableTestSupport
import Foundation
import PostgresTestSupport
import Spool
import Testing
import WireProtocol

@Suite("pganalytics against the test PostgreSQL", .serialized)
struct RunIntegrationTests {
    @Test func runsAtOneSecondStopsOnSIGTERMAndLeavesRecordsInTheSpool() throws {
        let pg = try PostgresTestEnvironment.childEnvironment()
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spoolPath = directory.path + "/spool"
        let path = try CLI.writeConfig("""
            [collector]
            interval = 1
            [postgres]
            databases = ["\(pg["PGDATABASE"]!)"]
            [spool]
            dir = "\(spoolPath)"
            max_bytes = "64MiB"
            fsync = "interval:50ms"
            """, in: directory)
        let (process, _, err) = try CLI.binary.start(["--config", path], environment: pg)
        Thread.sleep(forTimeInterval: 3.5)
        #expect(process.isRunning, "the collector exited early")
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        let log = err.contents()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "\(log)")
        #expect(log.contains("stopped; spool synced"), "\(log)")

        let spool = try Spool.open(directory: spoolPath, options: SpoolOptions(fsync: .never, segmentBytes: 1 << 20, maxBytes: 64 << 20))
        defer { try? spool.close() }
        #expect(spool.recovery.problems.isEmpty, "\(spool.recovery.problems)")
        let reader = spool.reader(from: 1)
        var sequences: [UInt64] = []
        var families: [String: Int] = [:]
        var times = Set<Int64>()
        while let record = try reader.next() {
            guard case .batch(let sequence, let batch) = try Message.decode(try record.frame()) else {
                Issue.record("a spool record that is not a BATCH")
                continue
            }
            sequences.append(sequence)
            families[batch.family, default: 0] += 1
            times.insert(batch.sampledAt)
        }
        #expect(reader.problems.isEmpty)
        #expect(!sequences.isEmpty)
        #expect(sequences == Array(1...UInt64(sequences.count)), "sequences are not consecutive from 1")
        for family in ["pg_cluster", "pg_stat_database", "pg_activity", "host_cpu", "host_memory", "collector_process"] {
            #expect((families[family] ?? 0) >= 2, "\(family): \(families[family] ?? 0) records")
        }
        #expect(families["pg_tables"] ?? 0 <= 1, "slow families run at most once in a few seconds")
        #expect(times.count >= 2, "at least two rounds")
    }
}
