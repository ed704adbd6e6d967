#if canImport(Glibc)
import Glibc
#endif
import Logging
import Metrics
import PostgresClient
import WireProtocol

/// Stores records from many collectors in one PostgreSQL transaction, exactly once.
///
/// `write` locks each collector's row (`SELECT ... FOR UPDATE`), skips records at or below its
/// committed sequence, streams each family's rows with one `COPY ... FROM STDIN (FORMAT binary)`,
/// advances the collectors' committed sequences and commits. A record PostgreSQL refuses a value
/// of is rejected alone (the others commit); a transient failure reconnects and retries after a
/// backoff. Because the committed sequence moves in the same transaction as the rows, a retry
/// after any failure (even one during `COMMIT`) stores nothing twice.
///
/// libpq blocks: a writer belongs to one thread at a time (see `WriterPool`).
public final class IngestWriter {
    /// Makes a connection (and sets up its session, e.g. `SET ROLE pganalytics_ingest`).
    public typealias Connector = @Sendable () throws(PostgresError) -> PostgresConnection

    public let catalog: FamilyCatalog
    public let options: WriterOptions
    public let drift: SchemaDriftReporter
    private let connector: Connector
    private let logger: Logger
    private let metrics: WriterMetrics
    private var connection: PostgresConnection?
    /// Transient failures seen, for tests and metrics.
    public private(set) var transientFailures = 0

    /// - Parameter metricsFactory: where the COPY and transaction timers and the retry counter go.
    public init(catalog: FamilyCatalog = .standard, options: WriterOptions = WriterOptions(), drift: SchemaDriftReporter = SchemaDriftReporter(),
                logger: Logger = Logger(label: "pganalytics.ingest.writer"), metricsFactory: any MetricsFactory = MetricsSystem.factory,
                connector: @escaping Connector) {
        self.metrics = WriterMetrics(factory: metricsFactory)
        self.catalog = catalog
        self.options = options
        self.drift = drift
        self.logger = logger
        self.connector = connector
    }

    /// A writer connecting with `parameters`, as the ingest role when it can
    /// (`IngestWriter.ingestConnection`).
    public convenience init(parameters: ConnectionParameters, catalog: FamilyCatalog = .standard, options: WriterOptions = WriterOptions(),
                            drift: SchemaDriftReporter = SchemaDriftReporter(), logger: Logger = Logger(label: "pganalytics.ingest.writer")) {
        let reporter = SessionRoleReporter(logger: logger)
        self.init(catalog: catalog, options: options, drift: drift, logger: logger) { () throws(PostgresError) in
            try IngestWriter.ingestConnection(parameters, report: reporter.report)
        }
    }

    /// The connection in use, if any (tests use its `backendPID`).
    public var currentConnection: PostgresConnection? { connection }

    /// Writes `records` in one transaction and returns what became of each.
    ///
    /// - Throws: `IngestError.storage` when PostgreSQL refuses the write for a reason no record
    ///   explains (missing table, missing privilege); `.unavailable` when `maxAttempts` transient
    ///   failures happened in a row. Nothing is committed then.
    public func write(_ records: [IngestRecord]) throws(IngestError) -> WriteResult {
        guard !records.isEmpty else { return WriteResult() }
        let plan = WritePlan(records)
        var careful = Set<String>()
        var failures = 0
        while true {
            do throws(WriteTransaction.Failure) {
                let live = try liveConnection()
                let transaction = WriteTransaction(connection: live, plan: plan, catalog: catalog, chunkBytes: options.copyChunkBytes,
                                                   careful: careful, drift: drift, metrics: metrics)
                let started = ContinuousClock.now
                let result = try transaction.run()
                metrics.transactionDuration.record(duration: ContinuousClock.now - started)
                return result
            } catch {
                switch error {
                case .data(let failure):
                    // Find the refused record(s): copy that family record by record.
                    logger.info("a value was refused; isolating the record", metadata: ["family": "\(failure.family)", "error": "\(failure.error)"])
                    careful.insert(failure.family)
                case .postgres(let error):
                    guard FailureKind(error) == .transient else { throw .storage(error) }
                    failures += 1
                    transientFailures += 1
                    metrics.retries.increment()
                    if connection?.isConnected != true || error.code == .connectionLost { dropConnection() }
                    if let limit = options.maxAttempts, failures >= limit { throw .unavailable(error) }
                    let delay = options.backoff.delay(afterFailures: failures)
                    logger.warning("transient storage failure; retrying", metadata: ["error": "\(error)", "in": "\(delay)"])
                    Self.sleep(delay)
                }
            }
        }
    }

    /// Closes the connection; the next write connects again.
    public func close() {
        dropConnection()
    }

    private func liveConnection() throws(WriteTransaction.Failure) -> PostgresConnection {
        if let connection, connection.isConnected { return connection }
        dropConnection()
        do throws(PostgresError) {
            let fresh = try connector()
            connection = fresh
            return fresh
        } catch {
            throw .postgres(error.code == .queryFailed && error.sqlState == nil ? PostgresError(.connectionFailed, error.message) : error)
        }
    }

    private func dropConnection() {
        connection?.close()
        connection = nil
    }

    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}
