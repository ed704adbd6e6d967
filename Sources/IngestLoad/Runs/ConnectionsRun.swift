import NIOCore
import NIOPosix
import TLS

/// `ingest-load connections`: N collectors connected at once, each idle after WELCOME but for
/// PINGs; the backend's resident memory before and after tells the memory per connection.
public struct ConnectionsRun: Sendable {
    public struct Options: Sendable {
        public var connections = 1_000
        /// How long to hold them all once established.
        public var holdSeconds = 30.0
        /// PING at least this often (WELCOME's interval otherwise).
        public var pingSeconds: Double? = 10
        public var idPrefix = "load"
        public var eventLoopThreads = 1
        public var backendPID: Int32?
        /// Connections being set up at once.
        public var concurrency = 50

        public init() {}
    }

    public struct Report: Sendable {
        public var connections: Int
        public var established: Int
        /// Still open at the end of the hold.
        public var heldToTheEnd: Int
        public var pongs: Int
        public var errors: Tally
        public var failures: [String]
        public var residentBeforeKiB: Int?
        public var residentAfterKiB: Int?

        /// KiB of backend memory per established connection.
        public var kibPerConnection: Double? {
            guard let before = residentBeforeKiB, let after = residentAfterKiB, established > 0 else { return nil }
            return Double(after - before) / Double(established)
        }
    }

    public let target: LoadTarget
    public let options: Options

    public init(target: LoadTarget, options: Options) {
        self.target = target
        self.options = options
    }

    public func run(log: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        let ids = (0..<options.connections).map { "\(options.idPrefix)-c-\($0)" }
        try CollectorDirectory(database: target.database).register(ids)
        log("issuing \(ids.count) client certificates")
        let contexts = try ids.map { try target.clientContext(for: $0) }
        return try await withEventLoops(options.eventLoopThreads) { group in
            let ping = options.pingSeconds.map { TimeAmount.nanoseconds(Int64($0 * 1e9)) }
            let sessions = ids.map { IdleSession(collectorID: $0, pingInterval: ping, loop: group.next()) }
            let before = options.backendPID.flatMap(ProcessSample.read)
            log("connecting \(sessions.count) collectors")
            var established = 0
            for start in stride(from: 0, to: sessions.count, by: options.concurrency) {
                let chunk = Array(sessions.indices[start..<min(start + options.concurrency, sessions.count)])
                let futures = chunk.map { sessions[$0].connect(to: target, tls: contexts[$0]) }
                for future in futures where (try? await future.get()) != nil { established += 1 }
            }
            log("\(established) connections established; holding them \(options.holdSeconds) s")
            try await Task.sleep(for: .nanoseconds(Int64(options.holdSeconds * 1e9)))
            let after = options.backendPID.flatMap(ProcessSample.read)
            var report = Report(connections: options.connections, established: established, heldToTheEnd: 0, pongs: 0,
                                errors: Tally(), failures: [], residentBeforeKiB: before?.residentKiB, residentAfterKiB: after?.residentKiB)
            for session in sessions {
                let (open, pongs, errors, failure) = try await session.loop.submit {
                    (session.isOpen, session.pongs, session.errors, session.failure)
                }.get()
                if open { report.heldToTheEnd += 1 }
                report.pongs += pongs
                report.errors.merge(errors)
                if let failure { report.failures.append("\(session.collectorID): \(failure)") }
            }
            for session in sessions { session.loop.execute { session.leave() } }
            for session in sessions { _ = try? await session.closed.futureResult.get() }
            return report
        }
    }
}
