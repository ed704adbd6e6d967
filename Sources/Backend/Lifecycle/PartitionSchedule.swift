import Ingest
import Logging

/// Partition maintenance and retention on a timer: partitions are created ahead and expired
/// ones dropped at start-up and then every `interval`.
struct PartitionSchedule: Sendable {
    let maintainer: PartitionMaintainer
    let database: DatabaseExecutor
    let interval: Duration
    let logger: Logger

    /// One maintenance run; failures are logged, never fatal (the next run tries again).
    ///
    /// - Parameter daysBehind: create past partitions back this many days only (instead of the
    ///   policy's), for a quick first run.
    func runOnce(daysBehind: Int? = nil) async {
        let maintainer = daysBehind.map { days in
            PartitionMaintainer(
                catalog: self.maintainer.catalog,
                policy: PartitionPolicy(daysAhead: self.maintainer.policy.daysAhead, retentionDays: self.maintainer.policy.retentionDays,
                                        daysBehind: days),
                logger: self.maintainer.logger)
        } ?? self.maintainer
        do {
            let report = try await database.run { connection in try maintainer.maintain(connection) }
            if !report.created.isEmpty || !report.dropped.isEmpty {
                logger.info("partition maintenance", metadata: ["created": "\(report.created.count)", "dropped": "\(report.dropped.count)"])
            }
        } catch {
            logger.error("partition maintenance failed; retrying at the next run", metadata: ["error": "\(error)"])
        }
    }

    /// Runs maintenance now and then every `interval` until the task is cancelled.
    func start() -> Task<Void, Never> {
        Task {
            await runOnce()
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                await runOnce()
            }
        }
    }
}
