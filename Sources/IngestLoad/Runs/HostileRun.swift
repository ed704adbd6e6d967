import NIOCore
import NIOPosix
import TLS
import WireProtocol

/// `ingest-load hostile`: every invalid vector and M random mutations of valid frames, each on
/// its own connection after a valid HELLO. Checks that every connection ends with an ERROR (of
/// the code the reference decoder predicts) or a clean close, that the backend stays up and
/// still stores a valid collector's data, and that nothing of the hostile collectors was
/// committed.
public struct HostileRun: Sendable {
    public struct Options: Sendable {
        public var mutations = 10_000
        public var seed: UInt64 = 0x4057_11E5
        /// `Protocol/vectors`; nil skips the vectors.
        public var vectorsDirectory: String?
        /// Connections at a time, each worker with a collector id of its own.
        public var workers = 8
        public var idPrefix = "load"
        /// How long a connection may take to end after its hostile bytes.
        public var timeoutSeconds: Int64 = 30
        public var eventLoopThreads = 1
        /// The backend's process: it must be alive at the end.
        public var backendPID: Int32?
        /// The backend's HTTP port: health must answer 200 at the end.
        public var healthPort: Int?

        public init() {}
    }

    public struct Report: Sendable {
        public var vectors: Int
        public var mutations: Int
        /// Mutations that decoded as valid messages and were drawn again (never sent).
        public var redrawn: Int
        public var sentByKind: Tally
        /// How connections ended: `error:<code>`, `closed_without_error`, `incomplete_closed_by_load_tool`.
        public var outcomes: Tally
        /// Violations: connections that did not end as they must.
        public var failures: Tally
        public var failureExamples: [String]
        public var backendAlive: Bool?
        public var healthStatus: Int?
        /// A valid collector connected and its round was acknowledged after the hostile run.
        public var livenessProbe: String?
        /// Rows, samples and committed sequence of the hostile collectors: all must be 0.
        public var committed: CollectorDirectory.Committed

        public var passed: Bool {
            failures.total == 0 && backendAlive != false && (healthStatus == nil || healthStatus == 200)
                && livenessProbe == nil && committed.rows == 0 && committed.samplesReceived == 0
                && committed.maxCommittedSequence == 0
        }
    }

    public let target: LoadTarget
    public let options: Options

    public init(target: LoadTarget, options: Options) {
        self.target = target
        self.options = options
    }

    public func run(log: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        let round = RoundFrames(sampledAt: LoadClock.nowMicroseconds())
        let vectors = try options.vectorsDirectory.map(InvalidVectors.load) ?? []
        let mutator = FrameMutator(frames: FrameMutator.standardFrames(round))
        let (mutations, redrawn) = mutator.cases(count: options.mutations, seed: options.seed)
        let cases = vectors + mutations
        let ids = (0..<options.workers).map { "\(options.idPrefix)-h-\($0)" }
        let directory = CollectorDirectory(database: target.database)
        try directory.register(ids)
        let contexts = try ids.map { try target.clientContext(for: $0) }
        return try await withEventLoops(options.eventLoopThreads) { group in
            log("sending \(vectors.count) invalid vectors and \(mutations.count) mutations (\(redrawn) valid ones drawn again)")

            var report = Report(vectors: vectors.count, mutations: mutations.count, redrawn: redrawn, sentByKind: Tally(), outcomes: Tally(),
                                failures: Tally(), failureExamples: [], backendAlive: nil, healthStatus: nil, livenessProbe: nil,
                                committed: CollectorDirectory.Committed(rows: 0, samplesReceived: 0, maxCommittedSequence: 0))
            let timeout = TimeAmount.seconds(options.timeoutSeconds)
            let results = try await withThrowingTaskGroup(of: [(HostileCase, HostileProbe.Outcome)].self) { tasks in
                for worker in 0..<options.workers {
                    let mine = Swift.stride(from: worker, to: cases.count, by: options.workers).map { cases[$0] }
                    let loop = group.next()
                    let (id, tls, target) = (ids[worker], contexts[worker], self.target)
                    tasks.addTask {
                        var outcomes: [(HostileCase, HostileProbe.Outcome)] = []
                        for hostile in mine {
                            let outcome = try await HostileProbe(hostile, loop: loop, timeout: timeout)
                                .run(target: target, tls: tls, collectorID: id).get()
                            outcomes.append((hostile, outcome))
                        }
                        return outcomes
                    }
                }
                var all: [(HostileCase, HostileProbe.Outcome)] = []
                for try await outcomes in tasks {
                    all += outcomes
                    log("\(all.count) of \(cases.count) connections done")
                }
                return all
            }
            for (hostile, outcome) in results {
                report.sentByKind.add(hostile.kind)
                let (outcomeName, failure) = Self.judge(hostile, outcome)
                report.outcomes.add(outcomeName)
                if let failure {
                    report.failures.add(failure)
                    if report.failureExamples.count < 20 {
                        report.failureExamples.append("\(hostile.name): \(failure) (errors \(outcome.errors.map(\.name)), "
                                                      + "unexpected \(outcome.unexpected), close \(outcome.closeError ?? "clean"))")
                    }
                }
            }
            if let pid = options.backendPID { report.backendAlive = ProcessSample.isAlive(pid: pid) }
            if let port = options.healthPort { report.healthStatus = await HealthCheck.status(host: target.host, port: port) }
            report.livenessProbe = await LivenessProbe.check(target: target, round: round, collectorID: "\(options.idPrefix)-probe",
                                                             directory: directory, loop: group.next())
            report.committed = try directory.committed(ids)
            return report
        }
    }

    /// How a connection ended, and the violation if it is one.
    static func judge(_ hostile: HostileCase, _ outcome: HostileProbe.Outcome) -> (String, String?) {
        guard outcome.welcomed else { return ("no_welcome", "no WELCOME after the valid HELLO") }
        if outcome.timedOut { return ("timeout", "neither ERROR nor close within the timeout") }
        if let message = outcome.unexpected.first { return ("unexpected_\(message)", "the backend answered with \(message)") }
        switch hostile.expectation {
        case .incomplete:
            if let error = outcome.errors.first { return ("error:\(error.name)", nil) }
            return ("incomplete_closed_by_load_tool", nil)
        case .error(let expected):
            guard let error = outcome.errors.first else {
                return ("closed_without_error", nil)
            }
            if error != expected { return ("error:\(error.name)", "ERROR \(error.name), the reference decoder says \(expected.name)") }
            return ("error:\(error.name)", nil)
        }
    }
}
