import Logging
import NIOConcurrencyHelpers
import Shipper
import Spool

/// The shipper running next to the sampling loop: started at once, stopped (GOODBYE sent) before
/// the spool is closed.
final class ShipperRun: Sendable {
    private let current: NIOLockedValueBox<Spool?>
    private let task: Task<Void, Never>
    /// 1 once `run()` returned.
    private let finished = ConditionLock(value: 0)
    let shipper: Shipper

    init(configuration: ShipperConfiguration, spool: Spool, logger: Logger) {
        let current = NIOLockedValueBox<Spool?>(spool)
        let shipper = Shipper(configuration: configuration, spool: { current.withLockedValue { $0 } }, logger: logger)
        let finished = self.finished
        self.current = current
        self.shipper = shipper
        self.task = Task {
            await shipper.run()
            finished.lock()
            finished.unlock(withValue: 1)
        }
    }

    /// The runner opened another spool.
    func spoolChanged(_ spool: Spool) {
        current.withLockedValue { $0 = spool }
    }

    /// Stops shipping and waits (a few seconds at most) for the GOODBYE to go out.
    func stop() {
        task.cancel()
        if finished.lock(whenValue: 1, timeoutSeconds: 5) { finished.unlock() }
        let status = shipper.status
        Logger(label: "pganalytics.shipper").info("shipper stopped", metadata: [
            "committed_sequence": "\(status.committedSequence)", "backlog_records": "\(status.backlogRecords)",
        ])
    }
}
