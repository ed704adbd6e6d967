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
    func runOnce() async {
        let maintainer = self.maintainer
        do {
            let report = try await database.run { connection in try maintainer.maintain(connection) }
            if !report.created.isEmpty || !report.dropped.isEmpty {
                logger.info("partition maintenance", metadata: ["created": "\(report.created.count)", "dropped": "\(report.dropped.count)"])
            }
        } catch {
            logger.error("partition maintenance failed; retrying at the next run", metadata: ["error": "\(error)"])
        }
    }

    /// Runs maintenance every `interval` until the task is cancelled.
    func start() -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                await runOnce()
            }
        }
    }
}
