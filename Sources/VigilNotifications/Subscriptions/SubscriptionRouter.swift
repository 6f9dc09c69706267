import Logging
import Synchronization
import VigilCore
import VigilStorage

/// Routes alert changes to subscriptions, inside the alert store's write transaction: a snapshot of every
/// active subscription with its compiled filter. The store reloads it in the transaction whenever the stored
/// generation moved (see `ChangeRouter`); `refresh()` keeps it warm between writes.
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

    /// The generation of the subscriptions the routes were built from; `-1` before the first load.
    public var generation: Int64 { snapshot.withLock { $0.generation } }

    /// Rebuilds the routes from `active` as of `generation` (the alert store calls this in its transaction when
    /// the stored generation moved). Subscriptions whose resource no longer compiles are skipped and logged.
    public func load(_ active: [SubscriptionRecord], generation: Int64) {
        let routes = compile(active)
        snapshot.withLock { $0 = Snapshot(generation: generation, routes: routes) }
    }

    /// Reloads the routes outside any transaction when the stored subscriptions changed since the last load
    /// (or always, with `force`), so that a transaction rarely has to. Never replaces newer routes with older
    /// ones: a transaction may have loaded a later generation meanwhile.
    public func refresh(force: Bool = false) async throws {
        let generation = try await repository.generation()
        if !force, snapshot.withLock({ $0.generation }) >= generation { return }
        // Read after the generation: the records are at least as new as it.
        let routes = compile(try await repository.active(at: .now()))
        snapshot.withLock { current in
            if force || generation > current.generation { current = Snapshot(generation: generation, routes: routes) }
        }
    }

    private func compile(_ records: [SubscriptionRecord]) -> [String: [Route]] {
        var routes: [String: [Route]] = [:]
        for record in records {
            do {
                let resource = try AlertSubscriptionResource.parse(record.resource, allowUnfiltered: true)
                routes[record.tenantId, default: []].append(
                    Route(id: record.id, resource: resource, changeTypes: Set(record.changeTypes),
                          expires: record.expirationDateTime))
            } catch {
                logger.error("subscription \(record.id) has a resource that no longer compiles; it receives nothing: \(error)")
            }
        }
        return routes
    }
}
