import Logging
import ServiceLifecycle
import VigilCore
import VigilStorage

/// Deletes indicators whose expiry is older than the retention (`indicators.retentionDays`), at start and
/// then every `interval`. Expired indicators stop matching at their expiry already; this only frees space.
public struct IndicatorRetentionService: Service {
    let repository: IndicatorRepository
    let retentionDays: Int
    let interval: Duration
    let logger: Logger

    public init(repository: IndicatorRepository, retentionDays: Int, interval: Duration = .seconds(3600), logger: Logger) {
        self.repository = repository
        self.retentionDays = retentionDays
        self.interval = interval
        self.logger = logger
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
                    let purged = try await purgeOnce()
                    if purged > 0 { logger.info("purged expired indicators", metadata: ["count": "\(purged)"]) }
                } catch {
                    logger.error("could not purge expired indicators: \(error)")
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
