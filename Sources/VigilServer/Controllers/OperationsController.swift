import Hummingbird
import NIOCore
import VigilCore
import VigilEngine

/// `GET /health` (liveness and readiness) and `GET /metrics` (Prometheus text format; behind a `Vigil.Admin`
/// token unless the server listens on loopback only, or as `metricsRequireToken` says). The counters are of
/// the whole server (routes, statuses, totals), never of one tenant.
struct OperationsController {
    let services: VigilServices

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.get("/health", use: health)
        router.get("/metrics", use: metrics)
    }

    @Sendable func health(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let databaseReady = await services.store?.isReady() ?? true
        var body: JSONValue = ["status": databaseReady ? "ok" : "unavailable", "live": true,
                               "ready": .bool(databaseReady), "database": databaseReady ? "ok" : "unreachable"]
        // External issuers: a key set that cannot be fetched shows here (own tokens keep working meanwhile).
        let issuers = await services.tokens.externalIssuerStatus()
        if case .object(var fields) = body {
            if !issuers.isEmpty { fields["externalIssuers"] = .array(issuers) }
            // Own signing keys: which kid signs, which are published, and why the last re-read failed.
            fields["signingKeys"] = await services.tokens.signingKeyStatus()
            // Background services of this process: each one's state and last error (`vigil status` shows every
            // replica's, from the database).
            let components = services.health.all
            if !components.isEmpty {
                fields["components"] = .object(Dictionary(uniqueKeysWithValues: components.map { ($0.name, $0.json) }))
            }
            // Throttling counted per replica because the shared windows could not be reached.
            let throttleFailures = await services.limiter.sharedFailures
            if throttleFailures > 0 {
                fields["throttling"] = ["sharedCounterFailures": .int(Int64(throttleFailures)),
                                        "lastError": .string(await services.limiter.lastSharedError ?? "")]
            }
            body = .object(fields)
        }
        return GraphResponse.json(body, status: databaseReady ? .ok : .serviceUnavailable)
    }

    @Sendable func metrics(_ request: Request, context: VigilRequestContext) async throws -> Response {
        if services.configuration.metricsNeedToken {
            guard try await AuthMiddleware.identity(of: request, tokens: services.tokens).has(anyOf: [Permission.admin]) else {
                throw VigilError(.forbidden, "Missing permission: /metrics needs \(Permission.admin).")
            }
        }
        do {
            services.metrics.storeSize.record(try await services.alerts.count(tenantId: nil))
        } catch {
            context.logger.error("metrics: cannot count stored alerts", metadata: ["error": "\(error)"])
        }
        var buffer: [UInt8] = []
        services.metrics.registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }
}
