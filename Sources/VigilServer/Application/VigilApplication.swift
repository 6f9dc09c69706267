import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import VigilCore
import VigilEngine

/// Builds the Hummingbird application: middleware, routes and server settings.
public enum VigilApplication {
    /// The router with every route and middleware (used directly by in-process tests).
    public static func router(services: VigilServices) -> Router<VigilRequestContext> {
        let router = Router(context: VigilRequestContext.self)
        router.middlewares.add(MetricsMiddleware(metrics: services.metrics))
        router.middlewares.add(GraphMiddleware())
        TokenController(services: services).addRoutes(to: router)
        OperationsController(services: services).addRoutes(to: router)
        let auth = AuthMiddleware(tokens: services.tokens)
        let alerts = AlertsController(services: services)
        for version in ["v1.0", "beta"] {
            alerts.addRoutes(to: router.group(RouterPath(version)).add(middleware: auth), version: version)
            SubscriptionsController(services: services, version: version)
                .addRoutes(to: router.group(RouterPath(version)).add(middleware: auth))
            SecureScoresController(services: services)
                .addRoutes(to: router.group(RouterPath(version)).add(middleware: auth), version: version)
            SecureScoreControlProfilesController(services: services)
                .addRoutes(to: router.group(RouterPath(version)).add(middleware: auth), version: version)
        }
        IndicatorsController(services: services).addRoutes(to: router.group(RouterPath("beta")).add(middleware: auth))
        SecurityActionsController(services: services).addRoutes(to: router.group(RouterPath("beta")).add(middleware: auth))
        IngestController(services: services).addRoutes(to: router.group().add(middleware: auth))
        IntakeController(services: services).addRoutes(to: router.group().add(middleware: auth))
        ExportersController(services: services).addRoutes(to: router.group().add(middleware: auth))
        addMethodNotAllowed(to: router)
        return router
    }

    /// Answers 405 (not 404) for a known path with a method it does not support.
    private static func addMethodNotAllowed(to router: Router<VigilRequestContext>) {
        let known: [(String, Set<HTTPRequest.Method>)] = [
            ("/v1.0/security/alerts", [.get]), ("/v1.0/security/alerts/:id", [.get, .patch]),
            ("/beta/security/alerts", [.get]), ("/beta/security/alerts/:id", [.get, .patch]),
            ("/beta/security/alerts/updateAlerts", [.post]), ("/ingest/alerts", [.post]),
            ("/ingest/events", [.post]), ("/ingest/status", [.get]),
            ("/feeds/blocklist", [.get]), ("/feeds/allowlist", [.get]), ("/ingest/indicators/stix", [.post]),
            ("/ingest/indicators/misp", [.post]),
            ("/beta/security/tiIndicators", [.get, .post]), ("/beta/security/tiIndicators/:id", [.get, .patch, .delete]),
            ("/beta/security/securityActions", [.get, .post]), ("/beta/security/securityActions/:id", [.get]),
            ("/beta/security/securityActions/:id/cancelSecurityAction", [.post]),
            ("/v1.0/subscriptions", [.get, .post]), ("/beta/subscriptions", [.get, .post]),
            ("/v1.0/subscriptions/:id", [.get, .patch, .delete]), ("/beta/subscriptions/:id", [.get, .patch, .delete]),
            ("/v1.0/subscriptions/:id/deliveries", [.get]), ("/beta/subscriptions/:id/deliveries", [.get]),
            ("/v1.0/subscriptions/:id/deliveries/replay", [.post]), ("/beta/subscriptions/:id/deliveries/replay", [.post]),
            ("/v1.0/security/secureScores", [.get]), ("/v1.0/security/secureScores/:id", [.get]),
            ("/beta/security/secureScores", [.get]), ("/beta/security/secureScores/:id", [.get]),
            ("/v1.0/security/secureScoreControlProfiles", [.get]), ("/v1.0/security/secureScoreControlProfiles/:id", [.get, .patch]),
            ("/beta/security/secureScoreControlProfiles", [.get]), ("/beta/security/secureScoreControlProfiles/:id", [.get, .patch]),
            ("/:tenant/oauth2/v2.0/token", [.post]), ("/health", [.get]), ("/metrics", [.get]),
            ("/exporters", [.get]),
        ] + LogFormat.allCases.map { ("/ingest/\($0.rawValue)", [.post]) }
        let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        for (path, allowed) in known {
            for method in methods where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in
                    throw VigilError(.methodNotAllowed, "\(method.rawValue) is not allowed here; use \(allowed.map(\.rawValue).sorted().joined(separator: " or ")).")
                }
            }
        }
    }

    /// The application listening on the configured address.
    /// - Parameter onServerRunning: called with the listening channel once bound (its port, with port 0).
    public static func make(services: VigilServices, logger: Logger,
                            onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let limits = services.configuration.http
        return Application(
            router: router(services: services),
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(limits.idleTimeoutSeconds * 1000)))),
            configuration: .init(address: .hostname(services.configuration.host, port: services.configuration.port),
                                 serverName: "Vigil",
                                 availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)),
            onServerRunning: onServerRunning,
            logger: logger)
    }
}
