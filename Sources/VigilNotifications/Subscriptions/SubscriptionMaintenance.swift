import Logging
import ServiceLifecycle
import VigilCore
import VigilStorage

/// Keeps the router current with subscriptions changed by any process (checked every `refreshInterval`)
/// and removes expired subscriptions once nothing is left to deliver for them (every `sweepInterval`).
public struct SubscriptionMaintenance: Service {
    let repository: any SubscriptionRepository
    let router: SubscriptionRouter
    let refreshInterval: Duration
    let sweepInterval: Duration
    let logger: Logger

    public init(repository: any SubscriptionRepository, router: SubscriptionRouter, refreshInterval: Duration = .seconds(1),
                sweepInterval: Duration = .seconds(60), logger: Logger = Logger(label: "vigil.notifications"))
    {
        self.repository = repository
        self.router = router
        self.refreshInterval = refreshInterval
        self.sweepInterval = sweepInterval
        self.logger = logger
    }

    /// Deletes expired subscriptions with nothing pending; returns how many.
    @discardableResult
    public func sweepOnce(now: DateTimeOffset = .now()) async throws -> Int {
        let removed = try await repository.deleteExpired(before: now)
        for s in removed { logger.info("expired subscription removed", metadata: ["subscription": "\(s.id)"]) }
        if !removed.isEmpty { try await router.refresh() }
        return removed.count
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                let clock = ContinuousClock()
                var nextSweep = clock.now
                while !Task.isCancelled {
                    do {
                        try await router.refresh()
                        if clock.now >= nextSweep {
                            try await sweepOnce()
                            nextSweep = clock.now + sweepInterval
                        }
                    } catch {
                        logger.error("subscription maintenance failed: \(error)")
                    }
                    try await Task.sleep(for: refreshInterval)
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
