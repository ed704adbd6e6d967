import Logging
import Spool
import WireProtocol

/// The collector's main loop: samples each family on its clock-aligned interval and appends
/// every batch to the spool before anything else happens to it (DESIGN.md invariant 1).
///
/// One thread drives everything: it waits for the next tick or a signal (`RunClock`), runs the
/// samplers due, frames their batches with consecutive sequences and appends them. A family
/// failure is logged and recorded as a `collector_events` sample when it starts, changes or
/// ends, and counted every round. SIGHUP reloads the configuration; SIGTERM/SIGINT return after
/// the spool is closed, which syncs it.
public final class CollectorRunner {
    public private(set) var setup: RunSetup
    public private(set) var spool: Spool {
        didSet { spoolDidChange?(spool) }
    }
    public private(set) var statistics = RunStatistics()
    public private(set) var tracker = FailureTracker()

    let clock: any RunClock
    let logger: Logger
    let reloader: (() throws -> RunSetup)?
    let spoolOpener: (SpoolSettings) throws -> Spool
    var spooler = BatchSpooler()

    /// Families each sampler collects now: enabled and available.
    private var active: [Set<String>] = []
    /// Why each family of each sampler is not collected, to log only changes.
    private var inactiveReasons: [String: String] = [:]
    private var schedule = Schedule(intervals: [:], nowMicros: 0)
    private var lastAvailabilityCheck: Int64 = 0
    private var pendingEvents: [CollectorEvent] = []
    private var lastDroppedRecords: UInt64

    /// Called with the new spool whenever the runner opens another one (a reload that changed
    /// `[spool]`, a reopen after a failure), so that the shipper follows it.
    public var spoolDidChange: ((Spool) -> Void)?
    /// Called once when SIGTERM or SIGINT arrived, before the spool is closed, so that the
    /// shipper stops while the spool is still open.
    public var willStop: (() -> Void)?

    /// How often availability is asked again, so that a family that was unavailable (a server
    /// down at start, an extension created later) starts being collected.
    public var availabilityRecheckSeconds: Int64 = 600

    /// - Parameters:
    ///   - reloader: builds a new setup from the configuration file on SIGHUP; nil ignores SIGHUP.
    ///   - spoolOpener: opens the spool again after a reload changed `[spool]` or a sync failure.
    public init(setup: RunSetup, spool: Spool, clock: any RunClock, logger: Logger,
                reloader: (() throws -> RunSetup)? = nil,
                spoolOpener: @escaping (SpoolSettings) throws -> Spool = { try Spool.open(directory: $0.directory, options: $0.options) }) {
        self.setup = setup
        self.spool = spool
        self.clock = clock
        self.logger = logger
        self.reloader = reloader
        self.spoolOpener = spoolOpener
        self.lastDroppedRecords = spool.stats.droppedRecords
    }

    /// Runs until SIGTERM/SIGINT, then closes (and so syncs) the spool.
    /// - Throws: when the spool can be neither written nor reopened; the caller exits non-zero.
    public func run() throws {
        refreshAvailability()
        rebuildSchedule()
        logger.info("collecting", metadata: ["families": "\(schedule.intervals.count)", "spool": "\(spool.directory)"])
        loop: while true {
            guard let (tick, due) = schedule.next() else {
                // Nothing to collect: wait for a signal only.
                switch clock.wait(untilMicros: clock.nowMicros() + 3_600_000_000) {
                case .terminate: break loop
                case .reload: reload()
                case nil: continue
                }
                continue
            }
            switch clock.wait(untilMicros: tick) {
            case .terminate: break loop
            case .reload:
                reload()
                continue
            case nil:
                break
            }
            try runRound(due)
            statistics.skippedTicks += schedule.advance(due, after: clock.nowMicros())
        }
        willStop?()
        let last = spool.stats.lastSequence
        try spool.close()
        logger.info("stopped; spool synced", metadata: ["last_sequence": "\(last)", "rounds": "\(statistics.rounds)"])
    }

    /// Samples `due` families once and spools the batches.
    func runRound(_ due: Set<String>) throws {
        let now = clock.nowMicros()
        if now - lastAvailabilityCheck >= availabilityRecheckSeconds * 1_000_000 {
            refreshAvailability()
        }
        let time = SampleTime(microsecondsSince2000: now - SampleTime.unixEpochOffsetMicros)
        statistics.rounds += 1
        for (index, sampler) in setup.samplers.enumerated() {
            let requested = due.intersection(active[index])
            guard !requested.isEmpty else { continue }
            let result = sampler.collect(requested, at: time)
            var failures = result.failures
            for batch in result.batches {
                if let failure = try spoolBatch(batch) { failures[batch.family] = failure }
            }
            for family in requested.sorted() {
                let failure = failures[family]
                if failure != nil { statistics.failures += 1 }
                guard let event = tracker.record("\(sampler.name) \(family)", failure: failure) else { continue }
                let message = "\(sampler.name): \(event.message)"
                if event.severity == .error {
                    logger.warning("family failing", metadata: ["family": "\(family)", "sampler": "\(sampler.name)", "error": "\(event.message)"])
                } else {
                    logger.info("family recovered", metadata: ["family": "\(family)", "sampler": "\(sampler.name)"])
                }
                pendingEvents.append(CollectorEvent(family: family, severity: event.severity, message: message, failureCount: event.failureCount))
            }
        }
        noteDrops()
        try flushEvents(at: time)
    }

    /// Appends one batch; returns a failure message for the family when the spool refused it.
    private func spoolBatch(_ batch: Batch) throws -> String? {
        do {
            let spooled = try spooler.append(batch, to: spool)
            statistics.records += Int(spooled.sequences.count)
            statistics.rows += spooled.rows
            return nil
        } catch let error as SpoolError where [.spoolFull, .diskFull, .recordTooLarge, .sequenceMismatch].contains(error.code) {
            // sequenceMismatch: the shipper moved the sequence on (Spool.skipSequences) between
            // framing and appending; the next round is framed with the new sequence.
            return "not spooled: \(error)"
        } catch let error as SpoolError {
            try reopenSpool(after: error)
            return "not spooled: \(error)"
        } catch let error as BatchSpooler.BatchTooLarge {
            return "not spooled: \(error)"
        }
    }

    /// A sync failure or I/O error leaves the spool unusable: reopen it (recovery runs).
    private func reopenSpool(after error: SpoolError) throws {
        logger.error("spool failed; reopening", metadata: ["error": "\(error)"])
        try? spool.close()
        spool = try spoolOpener(setup.config.spool)
        lastDroppedRecords = spool.stats.droppedRecords
    }

    private func noteDrops() {
        let stats = spool.stats
        guard stats.droppedRecords > lastDroppedRecords else { return }
        let records = stats.droppedRecords - lastDroppedRecords
        lastDroppedRecords = stats.droppedRecords
        let message = "the spool is full: dropped \(records) unacknowledged records (\(stats.droppedSamples) samples dropped in total)"
        logger.warning("spool dropped records", metadata: ["records": "\(records)"])
        pendingEvents.append(CollectorEvent(family: "spool", severity: .warning, message: message))
    }

    private func flushEvents(at time: SampleTime) throws {
        guard !pendingEvents.isEmpty else { return }
        defer { pendingEvents.removeAll() }
        statistics.events += pendingEvents.count
        guard setup.config.metrics.enabled.contains(.collectorEvents) else { return }
        do {
            let batch = try CollectorEvent.batch(pendingEvents, at: time)
            if let failure = try spoolBatch(batch) {
                logger.warning("collector events not spooled", metadata: ["error": "\(failure)"])
            }
        } catch let error as WireError {
            logger.error("collector events not encodable", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Availability, schedule, reload

    private func refreshAvailability() {
        lastAvailabilityCheck = clock.nowMicros()
        active = setup.samplers.map { sampler in
            let statuses = Dictionary(sampler.availability().map { ($0.family, $0.status) }, uniquingKeysWith: { first, _ in first })
            var families = Set<String>()
            for family in sampler.families {
                let key = "\(sampler.name) \(family)"
                var reason: String?
                if !setup.isEnabled(family) {
                    reason = "disabled in the configuration"
                } else {
                    switch statuses[family] ?? .available {
                    case .available: reason = nil
                    case .disabled: reason = "disabled"
                    case .unavailable(let why): reason = "unavailable: \(why)"
                    case .notPermitted(let why): reason = "not permitted: \(why)"
                    }
                }
                if let reason {
                    if inactiveReasons[key] != reason {
                        logger.info("family not collected", metadata: ["family": "\(family)", "sampler": "\(sampler.name)", "reason": "\(reason)"])
                    }
                    inactiveReasons[key] = reason
                } else {
                    if inactiveReasons.removeValue(forKey: key) != nil {
                        logger.info("family collected again", metadata: ["family": "\(family)", "sampler": "\(sampler.name)"])
                    }
                    families.insert(family)
                }
            }
            return families
        }
    }

    private func rebuildSchedule() {
        var intervals: [String: Int] = [:]
        for families in active {
            for family in families { intervals[family] = setup.interval(of: family) }
        }
        schedule = Schedule(intervals: intervals, nowMicros: clock.nowMicros())
    }

    private func reload() {
        guard let reloader else {
            logger.info("SIGHUP ignored: no configuration file to reload")
            return
        }
        do {
            let next = try reloader()
            if next.config.spool != setup.config.spool {
                let replacement = try spoolOpenerAfterClosing(next.config.spool)
                spool = replacement
                lastDroppedRecords = spool.stats.droppedRecords
            }
            setup = next
            statistics.reloads += 1
            refreshAvailability()
            rebuildSchedule()
            logger.info("configuration reloaded", metadata: ["families": "\(schedule.intervals.count)"])
        } catch {
            logger.error("configuration not reloaded; keeping the running one", metadata: ["error": "\(error)"])
        }
    }

    /// Closes the current spool and opens the new one; if that fails, reopens the old one.
    private func spoolOpenerAfterClosing(_ settings: SpoolSettings) throws -> Spool {
        try spool.close()
        do {
            return try spoolOpener(settings)
        } catch {
            spool = try spoolOpener(setup.config.spool)
            throw error
        }
    }
}

extension SampleTime {
    /// Microseconds between the Unix epoch and 2000-01-01 00:00:00 UTC.
    public static let unixEpochOffsetMicros: Int64 = 946_684_800_000_000
}
