#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import TLS

/// `ingest-load throughput`: N collectors send realistic rounds as fast as the backend
/// acknowledges them, for a fixed time.
public struct ThroughputRun: Sendable {
    public struct Options: Sendable {
        public var collectors = 100
        public var seconds = 30.0
        /// Frames a collector has sent and not yet seen acknowledged, at most.
        public var windowFrames = 64
        /// Bytes of such frames, at most (WELCOME's limit also applies).
        public var windowBytes = 4 << 20
        /// The collectors' id prefix; ids are `<prefix>-t-<n>`.
        public var idPrefix = "load"
        public var eventLoopThreads = 1
        /// The backend's process, for its CPU time during the measured interval.
        public var backendPID: Int32?
        /// How long to wait for the ACKs still owed after the interval.
        public var drainSeconds = 120.0

        public init() {}
    }

    public struct Report: Sendable {
        public var collectors: Int
        public var established: Int
        public var seconds: Double
        public var roundRows: Int
        public var framesSent: Int
        public var framesAcknowledged: Int
        public var rowsAcknowledged: Int
        /// ACKed after the interval, while draining.
        public var rowsDrained: Int
        public var latency: LatencySummary
        public var errors: Tally
        public var failures: [String]
        public var backendCPUSeconds: Double?
        /// This process's CPU time in the same interval (it shares the machine).
        public var loadToolCPUSeconds: Double?
        /// Rows of these collectors in the family tables and their `samples_received`.
        public var committed: CollectorDirectory.Committed

        public var rowsPerSecond: Double { Double(rowsAcknowledged) / seconds }
        public var framesPerSecond: Double { Double(framesAcknowledged) / seconds }
        /// Cores' worth of CPU the backend used.
        public var backendCores: Double? { backendCPUSeconds.map { $0 / seconds } }
        /// Every acknowledged row is in the database once, and nothing else is.
        public var exactlyOnce: Bool {
            let acknowledged = Int64(rowsAcknowledged + rowsDrained)
            return committed.rows == acknowledged && committed.samplesReceived == acknowledged
        }
    }

    public let target: LoadTarget
    public let options: Options

    public init(target: LoadTarget, options: Options) {
        self.target = target
        self.options = options
    }

    public func run(log: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        let ids = (0..<options.collectors).map { "\(options.idPrefix)-t-\($0)" }
        let directory = CollectorDirectory(database: target.database)
        try directory.register(ids)
        let frames = RoundFrames(sampledAt: LoadClock.nowMicroseconds())
        log("issuing \(ids.count) client certificates")
        let contexts = try ids.map { try target.clientContext(for: $0) }
        return try await withEventLoops(options.eventLoopThreads) { group in
            let sessions = ids.map {
                ThroughputSession(collectorID: $0, frames: frames, windowFrames: options.windowFrames,
                                  windowBytes: options.windowBytes, loop: group.next())
            }
            log("connecting \(sessions.count) collectors")
            var established: [ThroughputSession] = []
            for start in stride(from: 0, to: sessions.count, by: 50) {
                let chunk = Array(sessions.indices[start..<min(start + 50, sessions.count)])
                let futures = chunk.map { sessions[$0].connect(to: target, tls: contexts[$0]) }
                for (index, future) in zip(chunk, futures) {
                    if (try? await future.get()) != nil { established.append(sessions[index]) }
                }
            }
            log("\(established.count) collectors established; sending for \(options.seconds) s")
            let before = options.backendPID.flatMap(ProcessSample.read)
            let selfBefore = ProcessSample.read(pid: getpid())
            let startedAt = NIODeadline.now().uptimeNanoseconds
            let stopAt = startedAt + UInt64(options.seconds * 1e9)
            for session in established {
                session.finished.futureResult.eventLoop.execute { session.start(stopAt: stopAt) }
            }
            try await Task.sleep(for: .nanoseconds(Int64(stopAt - NIODeadline.now().uptimeNanoseconds)))
            let after = options.backendPID.flatMap(ProcessSample.read)
            let selfAfter = ProcessSample.read(pid: getpid())
            log("interval over; waiting for the ACKs still owed")
            let drainDeadline = NIODeadline.now() + .nanoseconds(Int64(options.drainSeconds * 1e9))
            for session in sessions {
                let loop = session.finished.futureResult.eventLoop
                let timer = loop.scheduleTask(deadline: drainDeadline) { session.abandon() }
                _ = try? await session.finished.futureResult.get()
                timer.cancel()
            }
            var report = Report(
                collectors: options.collectors, established: established.count, seconds: options.seconds, roundRows: frames.rows,
                framesSent: 0, framesAcknowledged: 0, rowsAcknowledged: 0, rowsDrained: 0, latency: LatencySummary(nanoseconds: []),
                errors: Tally(), failures: [], backendCPUSeconds: nil, loadToolCPUSeconds: nil,
                committed: CollectorDirectory.Committed(rows: 0, samplesReceived: 0, maxCommittedSequence: 0))
            var latencies: [UInt64] = []
            for session in sessions {
                let counts = try await session.finished.futureResult.eventLoop.submit { session.counts }.get()
                report.framesSent += counts.framesSent
                report.framesAcknowledged += counts.framesAcknowledged
                report.rowsAcknowledged += counts.rowsAcknowledged
                report.rowsDrained += counts.rowsDrained
                latencies.append(contentsOf: counts.latencies)
                report.errors.merge(counts.errors)
                if let failure = counts.failure { report.failures.append("\(session.collectorID): \(failure)") }
            }
            report.latency = LatencySummary(nanoseconds: latencies)
            if let before, let after { report.backendCPUSeconds = after.cpuSeconds - before.cpuSeconds }
            if let selfBefore, let selfAfter { report.loadToolCPUSeconds = selfAfter.cpuSeconds - selfBefore.cpuSeconds }
            report.committed = try directory.committed(ids)
            return report
        }
    }
}
