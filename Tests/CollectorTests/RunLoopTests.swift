import Spool
import Testing
import WireProtocol
@testable import Collector

@Suite("run loop with a fake sampler and a real spool")
struct RunLoopTests {
    let start: Int64 = 1_700_000_040 * 1_000_000 + 3_000_000

    func config(interval: Int = 10, spool directory: String) -> CollectorConfig {
        var config = CollectorConfig()
        config.collector.interval = interval
        config.metrics.intervals[.pgLocks] = 30
        config.spool.directory = directory
        config.spool.maxBytes = 16 << 20
        config.spool.fsync = .never
        return config
    }

    func openSpool(_ config: CollectorConfig) throws -> Spool {
        try Spool.open(directory: config.spool.directory, options: config.spool.options)
    }

    @Test func roundsAreAlignedSpooledInSequenceAndSynced() throws {
        let directory = RunTestSupport.temporaryDirectory()
        defer { RunTestSupport.removeTree(directory) }
        let config = config(spool: directory)
        let sampler = RunFakeSampler(families: ["pg_activity", "pg_locks"])
        let clock = RunFakeClock(startMicros: start, stopAfter: 6)
        let runner = CollectorRunner(setup: RunSetup(config: config, samplers: [sampler]), spool: try openSpool(config),
                                     clock: clock, logger: RunTestSupport.logger)
        try runner.run()

        #expect(runner.statistics.rounds == 6)
        let records = try RunTestSupport.readSpool(directory)
        #expect(records.map(\.0) == Array(1...UInt64(records.count)))
        let activity = records.filter { $0.1.family == "pg_activity" }
        let locks = records.filter { $0.1.family == "pg_locks" }
        #expect(activity.count == 6)
        #expect(locks.count == 2)
        for (_, batch) in records {
            let unixMicros = batch.sampledAt + SampleTime.unixEpochOffsetMicros
            #expect(unixMicros % 10_000_000 == 0, "sampled off the 10 s grid")
        }
        for (_, batch) in locks {
            #expect((batch.sampledAt + SampleTime.unixEpochOffsetMicros) % 30_000_000 == 0)
        }
        // A second run continues the sequence where the first stopped.
        let again = CollectorRunner(setup: RunSetup(config: config, samplers: [sampler]), spool: try openSpool(config),
                                    clock: RunFakeClock(startMicros: clock.now + 1, stopAfter: 1), logger: RunTestSupport.logger)
        try again.run()
        let all = try RunTestSupport.readSpool(directory)
        #expect(all.map(\.0) == Array(1...UInt64(all.count)))
        #expect(all.count > records.count)
    }

    @Test func failuresAreRecordedOncePerChange() throws {
        let directory = RunTestSupport.temporaryDirectory()
        defer { RunTestSupport.removeTree(directory) }
        let config = config(spool: directory)
        let sampler = RunFakeSampler(families: ["pg_activity"])
        let clock = RunFakeClock(startMicros: start, stopAfter: 8)
        let runner = CollectorRunner(setup: RunSetup(config: config, samplers: [sampler]), spool: try openSpool(config),
                                     clock: clock, logger: RunTestSupport.logger)
        // Fail rounds 2 to 4 with one message, round 5 with another, then recover.
        final class Script: Sampler {
            let inner: RunFakeSampler
            var round = 0
            init(_ inner: RunFakeSampler) { self.inner = inner }
            var name: String { inner.name }
            var families: [String] { inner.families }
            func availability() -> [FamilyAvailability] { inner.availability() }
            func collect(_ requested: Set<String>, at time: SampleTime) -> SampleResult {
                round += 1
                inner.failing = (2...4).contains(round) ? ["pg_activity": "boom"] : round == 5 ? ["pg_activity": "bang"] : [:]
                return inner.collect(requested, at: time)
            }
        }
        let scripted = CollectorRunner(setup: RunSetup(config: config, samplers: [Script(sampler)]), spool: runner.spool,
                                       clock: clock, logger: RunTestSupport.logger)
        try scripted.run()
        #expect(scripted.statistics.failures == 4)
        #expect(scripted.tracker.counts["fake pg_activity"] == 4)
        let records = try RunTestSupport.readSpool(directory)
        let events = records.filter { $0.1.family == "collector_events" }.map(\.1)
        #expect(events.count == 3)
        let rows = events.flatMap(\.rows)
        #expect(rows.map { $0[1] } == [.text("error"), .text("error"), .text("info")])
        #expect(rows.map { $0[0] } == Array(repeating: .text("pg_activity"), count: 3))
        #expect(rows[0][2] == .text("fake: boom"))
        #expect(rows[1][2] == .text("fake: bang"))
        #expect(rows[2][3] == .int8(4))
        #expect(records.filter { $0.1.family == "pg_activity" }.count == 4)
    }

    @Test func disabledAndUnavailableFamiliesAreNotRequested() throws {
        let directory = RunTestSupport.temporaryDirectory()
        defer { RunTestSupport.removeTree(directory) }
        var config = config(spool: directory)
        config.metrics.enabled.remove(.pgLocks)
        let sampler = RunFakeSampler(families: ["pg_activity", "pg_locks", "pg_wal_receiver"])
        sampler.unavailable["pg_wal_receiver"] = "not a standby"
        let runner = CollectorRunner(setup: RunSetup(config: config, samplers: [sampler]), spool: try openSpool(config),
                                     clock: RunFakeClock(startMicros: start, stopAfter: 3), logger: RunTestSupport.logger)
        try runner.run()
        #expect(sampler.calls.allSatisfy { $0.0 == ["pg_activity"] })
        #expect(sampler.calls.count == 3)
    }

    @Test func sighupReloadsTheConfiguration() throws {
        let directory = RunTestSupport.temporaryDirectory()
        defer { RunTestSupport.removeTree(directory) }
        let config = config(spool: directory)
        let sampler = RunFakeSampler(families: ["pg_activity", "pg_locks"])
        let clock = RunFakeClock(startMicros: start, stopAfter: 7)
        clock.signals[3] = .reload
        var reloaded = config
        reloaded.metrics.enabled.remove(.pgActivity)
        reloaded.metrics.intervals[.pgLocks] = 10
        let runner = CollectorRunner(setup: RunSetup(config: config, samplers: [sampler]), spool: try openSpool(config),
                                     clock: clock, logger: RunTestSupport.logger,
                                     reloader: { RunSetup(config: reloaded, samplers: [sampler]) })
        try runner.run()
        #expect(runner.statistics.reloads == 1)
        #expect(sampler.calls.prefix(2).allSatisfy { $0.0.contains("pg_activity") })
        #expect(sampler.calls.dropFirst(2).allSatisfy { $0.0 == ["pg_locks"] })
        #expect(sampler.calls.count == 6)
    }

    @Test func failedReloadKeepsTheRunningConfiguration() throws {
        let directory = RunTestSupport.temporaryDirectory()
        defer { RunTestSupport.removeTree(directory) }
        let config = config(spool: directory)
        let sampler = RunFakeSampler(families: ["pg_activity"])
        let clock = RunFakeClock(startMicros: start, stopAfter: 4)
        clock.signals[2] = .reload
        struct Broken: Error {}
        let runner = CollectorRunner(setup: RunSetup(config: config, samplers: [sampler]), spool: try openSpool(config),
                                     clock: clock, logger: RunTestSupport.logger, reloader: { throw Broken() })
        try runner.run()
        #expect(runner.statistics.reloads == 0)
        #expect(sampler.calls.count == 3)
    }

    @Test func terminateBeforeTheFirstTickStillClosesTheSpool() throws {
        let directory = RunTestSupport.temporaryDirectory()
        defer { RunTestSupport.removeTree(directory) }
        let config = config(spool: directory)
        let runner = CollectorRunner(setup: RunSetup(config: config, samplers: [RunFakeSampler(families: ["pg_activity"])]),
                                     spool: try openSpool(config), clock: RunFakeClock(startMicros: start, stopAfter: 0),
                                     logger: RunTestSupport.logger)
        try runner.run()
        // The lock is released: the spool opens again.
        #expect(try RunTestSupport.readSpool(directory).isEmpty)
    }
}
