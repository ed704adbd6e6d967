import Metrics

/// The writer's instruments (swift-metrics). By default they bind to the factory bootstrapped
/// when the writer is made, so the backend bootstraps its exporter before making its pool.
struct WriterMetrics: Sendable {
    /// One `COPY ... FROM STDIN (FORMAT binary)` of one family, start to end.
    let copyDuration: Metrics.Timer
    /// One committed transaction, `BEGIN` to `COMMIT`.
    let transactionDuration: Metrics.Timer
    /// Transactions retried after a transient failure (a lost connection, a restarting server).
    let retries: Counter

    init(factory: any MetricsFactory) {
        copyDuration = Metrics.Timer(label: "pga_ingest_copy_duration_seconds", factory: factory)
        transactionDuration = Metrics.Timer(label: "pga_ingest_transaction_duration_seconds", factory: factory)
        retries = Counter(label: "pga_ingest_transaction_retries_total", factory: factory)
    }
}
