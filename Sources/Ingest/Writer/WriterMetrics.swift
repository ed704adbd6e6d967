import Metrics

/// The writer's instruments (swift-metrics; the backend bootstraps the Prometheus exporter
/// before it makes its writer pool, so they bind to it).
struct WriterMetrics: Sendable {
    /// One `COPY ... FROM STDIN (FORMAT binary)` of one family, start to end.
    let copyDuration = Metrics.Timer(label: "pga_ingest_copy_duration_seconds")
    /// One committed transaction, `BEGIN` to `COMMIT`.
    let transactionDuration = Metrics.Timer(label: "pga_ingest_transaction_duration_seconds")
    /// Transactions retried after a transient failure (a lost connection, a restarting server).
    let retries = Counter(label: "pga_ingest_transaction_retries_total")
}
