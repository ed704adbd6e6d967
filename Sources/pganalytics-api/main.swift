import Backend
import Metrics
import Prometheus

MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: BackendMetrics.registry))
await PganalyticsAPI.runAsMain()
