import Prometheus

/// The Prometheus registry behind the swift-metrics factory, which `GET /metrics` renders.
/// The executable bootstraps `MetricsSystem` with a factory over this registry, once.
public enum BackendMetrics {
    public static let registry = PrometheusCollectorRegistry()
}
