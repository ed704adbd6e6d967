import Foundation
import Logging
import Metrics
import PostgresClient

/// N writers, each on its own thread with its own connection, that group-commit what callers
/// submit: a writer takes everything queued (up to the configured rows and bytes) into one
/// transaction, so many collectors' batches share one `COMMIT`.
///
/// `submit` suspends the caller (not a thread) until the records' transaction committed, or
/// failed for good; transient failures are retried by the writer and only delay the answer.
/// A collector's submissions are written in order and never by two writers at once.
public final class WriterPool: Sendable {
    public let configuration: WriterPoolConfiguration
    /// Every writer's schema drift reports (each drift once).
    public let drift: SchemaDriftReporter
    private let queue = SubmissionQueue()
    private let threads: Locked<[Thread]> = Locked([])
    private let stopped = Locked(0)
    private let logger: Logger

    /// Starts `configuration.writers` writer threads; each connects with `connector` when it
    /// first has work.
    public init(configuration: WriterPoolConfiguration = WriterPoolConfiguration(), catalog: FamilyCatalog = .standard,
                drift: SchemaDriftReporter = SchemaDriftReporter(), logger: Logger = Logger(label: "pganalytics.ingest.pool"),
                metricsFactory: any MetricsFactory = MetricsSystem.factory, connector: @escaping IngestWriter.Connector) {
        self.configuration = configuration
        self.drift = drift
        self.logger = logger
        let queue = self.queue
        let stopped = self.stopped
        var started: [Thread] = []
        for number in 0..<configuration.writers {
            let thread = Thread {
                var writerLogger = logger
                writerLogger[metadataKey: "writer"] = "\(number)"
                let writer = IngestWriter(catalog: catalog, options: configuration.writer, drift: drift, logger: writerLogger,
                                          metricsFactory: metricsFactory, connector: connector)
                Self.run(writer, queue: queue, configuration: configuration)
                writer.close()
                stopped.withLock { $0 += 1 }
            }
            thread.name = "pga-ingest-writer-\(number)"
            started.append(thread)
        }
        threads.withLock { $0 = started }
        started.forEach { $0.start() }
    }

    /// A pool whose writers connect with `parameters` and run as the ingest role when they can
    /// (`IngestWriter.ingestConnection`); the role they run as is logged when it changes.
    public convenience init(parameters: ConnectionParameters, configuration: WriterPoolConfiguration = WriterPoolConfiguration(),
                            catalog: FamilyCatalog = .standard, drift: SchemaDriftReporter = SchemaDriftReporter(),
                            logger: Logger = Logger(label: "pganalytics.ingest.pool"), metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        let reporter = SessionRoleReporter(logger: logger)
        self.init(configuration: configuration, catalog: catalog, drift: drift, logger: logger, metricsFactory: metricsFactory) { () throws(PostgresError) in
            try IngestWriter.ingestConnection(parameters, report: reporter.report)
        }
    }

    /// Writes `records` (of any collectors) and returns what became of each, once their
    /// transaction committed. The result's `committedSequences` covers the records' collectors.
    ///
    /// - Throws: `IngestError` when the write failed for good (nothing of it is committed), or
    ///   `.shutDown` when the pool no longer takes work.
    public func submit(_ records: [IngestRecord]) async throws(IngestError) -> WriteResult {
        guard !records.isEmpty else { return WriteResult() }
        let result: Result<WriteResult, IngestError> = await withCheckedContinuation { continuation in
            let submission = SubmissionQueue.Submission(
                records: records, collectors: Set(records.map(\.collectorID)),
                rows: records.reduce(0) { $0 + $1.batch.rowCount }, bytes: records.reduce(0) { $0 + $1.batch.payloadByteCount },
                complete: { continuation.resume(returning: $0) })
            if !queue.enqueue(submission) { continuation.resume(returning: .failure(.shutDown)) }
        }
        return try result.get()
    }

    /// `submit(_:)` for callers that are not in an async context (an event loop): enqueues
    /// `records` at once (so a caller's submissions keep the order of its calls) and calls
    /// `completion` on a writer thread once their transaction committed or failed for good.
    public func submit(_ records: [IngestRecord], completion: @escaping @Sendable (Result<WriteResult, IngestError>) -> Void) {
        guard !records.isEmpty else { return completion(.success(WriteResult())) }
        let submission = SubmissionQueue.Submission(
            records: records, collectors: Set(records.map(\.collectorID)),
            rows: records.reduce(0) { $0 + $1.batch.rowCount }, bytes: records.reduce(0) { $0 + $1.batch.payloadByteCount },
            complete: completion)
        if !queue.enqueue(submission) { completion(.failure(.shutDown)) }
    }

    /// Stops taking submissions; queued ones are still written. Returns once every writer has
    /// finished (blocking the calling thread; call it from outside the cooperative pool, or
    /// use `shutdown()`).
    public func shutdownAndWait() {
        queue.shutDown()
        while stopped.withLock({ $0 }) < configuration.writers {
            IngestWriter.sleep(.milliseconds(5))
        }
    }

    /// Stops taking submissions and waits for the writers to drain the queue.
    public func shutdown() async {
        queue.shutDown()
        while stopped.withLock({ $0 }) < configuration.writers {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Submissions waiting for a writer.
    public var queuedSubmissions: Int { queue.waitingCount }

    private static func run(_ writer: IngestWriter, queue: SubmissionQueue, configuration: WriterPoolConfiguration) {
        while let submissions = queue.take(maxRows: configuration.maxRowsPerTransaction, maxBytes: configuration.maxBytesPerTransaction) {
            let records = submissions.flatMap(\.records)
            let outcome: Result<WriteResult, IngestError> = Result { () throws(IngestError) in try writer.write(records) }
            queue.finish(submissions)
            var offset = 0
            for submission in submissions {
                let count = submission.records.count
                submission.complete(outcome.map { result in
                    WriteResult(outcomes: Array(result.outcomes[offset..<offset + count]),
                                committedSequences: result.committedSequences.filter { submission.collectors.contains($0.key) },
                                gaps: result.gaps.filter { gap in
                                    submission.records.contains { $0.collectorID == gap.collectorID && $0.sequence == gap.last + 1 }
                                })
                })
                offset += count
            }
        }
    }
}
