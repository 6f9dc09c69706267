import Logging
import ServiceLifecycle
import VigilCore
import VigilStorage

/// Deletes indicators whose expiry is older than the retention (`indicators.retentionDays`), at start and
/// then every `interval`. Expired indicators stop matching at their expiry already; this only frees space.
///
/// With `leases`, replicas sharing one database purge in one place: each round claims the
/// `job:indicator-retention` lease for two intervals, so the replica that holds it keeps it by renewing each
/// round, and another takes the job over when the holder has missed two rounds.
public struct IndicatorRetentionService: Service {
    let repository: any IndicatorRepository
    let retentionDays: Int
    let interval: Duration
    let logger: Logger
    let leases: (any WorkLeaseRepository)?
    let holder: String
    /// Where a failed purge shows (`indicators.purge`).
    let health: HealthRegistry?

    /// The lease that makes one replica the purger.
    public static let leaseName = "job:indicator-retention"

    public init(repository: any IndicatorRepository, retentionDays: Int, interval: Duration = .seconds(3600), logger: Logger,
                leases: (any WorkLeaseRepository)? = nil, holder: String = WorkLeaseHolder.id, health: HealthRegistry? = nil) {
        self.health = health
        self.repository = repository
        self.retentionDays = retentionDays
        self.interval = interval
        self.logger = logger
        self.leases = leases
        self.holder = holder
    }

    /// One round: purges when this replica holds (or takes) the job; returns how many were deleted, or `nil`
    /// when another replica holds the job.
    public func purgeIfHolder(now: DateTimeOffset = .now()) async throws -> Int? {
        if let leases, try await leases.claim(Self.leaseName, holder: holder, ttl: interval * 2) == nil { return nil }
        return try await purgeOnce(now: now)
    }

    /// One purge; returns how many indicators were deleted.
    public func purgeOnce(now: DateTimeOffset = .now()) async throws -> Int {
        let cutoff = DateTimeOffset(secondsSinceEpoch: now.secondsSinceEpoch - Int64(retentionDays) * 86_400, nanoseconds: 0)
        return try await repository.purge(expiredBefore: cutoff)
    }

    public func run() async throws {
        // Graceful shutdown (SIGTERM) cancels the wait between purges, so the server stops at once.
        do {
            try await purgeLoop()
        } catch is CancellationError {
            return
        }
    }

    private func purgeLoop() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let purged = try await purgeIfHolder() ?? 0
                    if purged > 0 { logger.info("purged expired indicators", metadata: ["count": "\(purged)"]) }
                    await health?.succeeded("indicators.purge")
                } catch {
                    logger.error("could not purge expired indicators: \(error)")
                    await health?.failed("indicators.purge", "the purge failed", error: error)
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
