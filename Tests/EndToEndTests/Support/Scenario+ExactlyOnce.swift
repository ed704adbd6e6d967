import Testing

extension Scenario {
    /// Waits until the collector has written 20 records beyond its last one now and the database
    /// committed them all (shipping goes on), and returns that sequence.
    func waitForProgress() async throws -> Int64 {
        let target = try await collector.lastWrittenSequence() + 20
        try await collector.waitForSequence(target)
        try await waitForCommitted(target)
        return target
    }

    /// Stops every process, then checks that the database holds each spooled record exactly once
    /// and committed at least through `target` (see `ExactlyOnce.check`).
    @discardableResult
    func stopAndCheckExactlyOnce(committedAtLeast target: Int64,
                                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> (records: Int, rows: Int64) {
        await stopAll()
        return try await ExactlyOnce.check(collector, in: database, committedAtLeast: target, sourceLocation: sourceLocation)
    }

    /// With the backend stopped, lets the collector spool a backlog of 100 records; then starts
    /// the backend and, three times while the backlog drains, runs `kill` as soon as the database
    /// committed more; finally waits for progress and checks that every sample is stored
    /// exactly once.
    func drainBacklog(killingThreeTimes kill: () async throws -> Void,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws {
        await backend.stop()
        try collector.start()
        try await collector.waitForSequence(100)
        try await backend.start()
        for _ in 0..<3 {
            let before = database.committedSequence(collector.collectorID)
            _ = await eventually(within: 30, every: .milliseconds(5)) { database.committedSequence(collector.collectorID) > before }
            try await kill()
        }
        let target = try await waitForProgress()
        try await stopAndCheckExactlyOnce(committedAtLeast: target, sourceLocation: sourceLocation)
    }
}
