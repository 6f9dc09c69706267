import Foundation
import Hummingbird
import Metrics
import Prometheus
import VigilEngine

/// Vigil's metrics, kept in its own Prometheus registry (no process-global bootstrap, so several
/// applications can live in one test process).
public final class VigilMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    let ingested: Metrics.Counter
    let rejected: Metrics.Counter
    let storeSize: Metrics.Gauge

    public init() {
        registry = PrometheusCollectorRegistry()
        factory = PrometheusMetricsFactory(registry: registry)
        ingested = Metrics.Counter(label: "vigil_ingested_alerts_total", dimensions: [], factory: factory)
        rejected = Metrics.Counter(label: "vigil_rejected_alerts_total", dimensions: [], factory: factory)
        storeSize = Metrics.Gauge(label: "vigil_alerts_stored", dimensions: [], factory: factory)
    }

    /// Records one answered request.
    func request(route: String, method: String, status: Int, seconds: Double) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Metrics.Counter(label: "vigil_http_requests_total", dimensions: dimensions, factory: factory).increment()
        Metrics.Timer(label: "vigil_http_request_duration_seconds", dimensions: [("route", route), ("method", method)],
                      factory: factory).recordNanoseconds(Int64(seconds * 1e9))
    }
}

/// Counts requests by route, method and status, with latency histograms.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext
    let metrics: VigilMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await next(request, context)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code, seconds: seconds)
        return response
    }
}
