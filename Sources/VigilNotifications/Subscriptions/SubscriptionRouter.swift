import Logging
import Synchronization
import VigilCore
import VigilStorage

/// Routes alert changes to subscriptions, inside the alert store's write transaction: a snapshot of every
/// active subscription with its compiled filter, reloaded when the subscriptions' generation moves.
public final class SubscriptionRouter: ChangeRouter {
    struct Route: Sendable {
        var id: String
        var resource: AlertSubscriptionResource
        var changeTypes: Set<AlertChangeType>
        var expires: DateTimeOffset
    }

    private struct Snapshot {
        var generation: Int64 = -1
        var routes: [String: [Route]] = [:]
    }

    private let repository: any SubscriptionRepository
    private let snapshot = Mutex(Snapshot())
    private let logger: Logger

    public init(repository: any SubscriptionRepository, logger: Logger = Logger(label: "vigil.notifications")) {
        self.repository = repository
        self.logger = logger
    }

    public func subscriptions(tenantId: String, alert: Alert, changeType: AlertChangeType) -> [String] {
        let routes = snapshot.withLock { $0.routes[tenantId] } ?? []
        guard !routes.isEmpty else { return [] }
        let now = DateTimeOffset.now()
        return routes.compactMap { route in
            route.changeTypes.contains(changeType) && route.expires > now && route.resource.matches(alert) ? route.id : nil
        }
    }

    /// Reloads the snapshot when the stored subscriptions changed since the last load (or always, with
    /// `force`). Subscriptions whose resource no longer compiles are skipped and logged.
    public func refresh(force: Bool = false) async throws {
        let generation = try await repository.generation()
        if !force, snapshot.withLock({ $0.generation }) == generation { return }
        var routes: [String: [Route]] = [:]
        for record in try await repository.active(at: .now()) {
            do {
                let resource = try AlertSubscriptionResource.parse(record.resource, allowUnfiltered: true)
                routes[record.tenantId, default: []].append(
                    Route(id: record.id, resource: resource, changeTypes: Set(record.changeTypes),
                          expires: record.expirationDateTime))
            } catch {
                logger.error("subscription \(record.id) has a resource that no longer compiles; it receives nothing: \(error)")
            }
        }
        snapshot.withLock { $0 = Snapshot(generation: generation, routes: routes) }
    }
}
