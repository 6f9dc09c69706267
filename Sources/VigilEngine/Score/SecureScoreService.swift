import Logging
import ServiceLifecycle
import VigilCore
import VigilStorage

/// Takes the daily secure score snapshots: at start for every tenant without one today, then shortly after
/// each UTC midnight. Sleeps between runs and stops at once on graceful shutdown (SIGTERM).
///
/// With `leases` (replicas sharing one database), one replica takes the snapshots: a run first claims the
/// `job:secure-score` lease and releases it when done. A replica that finds the lease held tries again every
/// `retryInterval` until it gets it (and then finds nothing missing, unless the holder died before finishing,
/// in which case it takes the snapshots itself).
public struct SecureScoreService: Service {
    /// Where a failed daily run shows (`score.daily`).
    let health: HealthRegistry?
    let engine: SecureScoreEngine
    let logger: Logger
    let clock: @Sendable () -> DateTimeOffset
    let leases: (any WorkLeaseRepository)?
    let holder: String
    let retryInterval: Double
    /// Seconds after midnight (UTC) the daily run starts.
    static let delayAfterMidnight: Int64 = 60
    /// The lease that makes one replica take the snapshots.
    public static let leaseName = "job:secure-score"
    /// How long a run may hold the lease (a run that dies holding it blocks the others this long).
    static let leaseTTL: Duration = .seconds(600)

    /// - Parameters:
    ///   - leases: the shared database's leases when several replicas run this Service (`nil`: it always runs).
    ///   - holder: this replica's lease holder id.
    ///   - retryInterval: seconds between tries while another replica holds the job.
    public init(engine: SecureScoreEngine, logger: Logger = Logger(label: "vigil.score"),
                clock: @escaping @Sendable () -> DateTimeOffset = { .now() }, leases: (any WorkLeaseRepository)? = nil,
                holder: String = WorkLeaseHolder.id, retryInterval: Double = 60, health: HealthRegistry? = nil) {
        self.health = health
        self.engine = engine
        self.logger = logger
        self.clock = clock
        self.leases = leases
        self.holder = holder
        self.retryInterval = retryInterval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let ran = await runOnce()
                var wait = Self.secondsUntilNextRun(after: clock())
                if !ran { wait = min(wait, retryInterval) }
                do {
                    try await Task.sleep(for: .seconds(wait))
                } catch {
                    return  // cancelled: shutting down
                }
            }
        }
    }

    /// Computes the missing snapshots of today; a failure is logged and retried at the next run.
    /// - Returns: `false` when another replica holds the job (or its lease could not be claimed), so the run
    ///   should be tried again soon.
    @discardableResult
    func runOnce() async -> Bool {
        if let leases {
            do {
                guard try await leases.claim(Self.leaseName, holder: holder, ttl: Self.leaseTTL) != nil else { return false }
            } catch {
                logger.error("secure score: cannot claim the daily job's lease; retrying", metadata: ["error": "\(error)"])
                return false
            }
        }
        do {
            let computed = try await engine.computeMissing(at: clock())
            if !computed.isEmpty {
                logger.info("secure score snapshots taken", metadata: ["tenants": "\(computed.count)"])
            }
            await health?.succeeded("score.daily")
        } catch {
            logger.error("secure score snapshots failed; retrying at the next run", metadata: ["error": "\(error)"])
            await health?.failed("score.daily", "the snapshots failed", error: error)
        }
        if let leases {
            do {
                try await leases.release(Self.leaseName, holder: holder)
            } catch {
                logger.error("secure score: cannot release the daily job's lease; it lapses in \(Self.leaseTTL)",
                             metadata: ["error": "\(error)"])
            }
        }
        return true
    }

    /// Seconds from `now` to the next run: `delayAfterMidnight` after the next UTC midnight.
    static func secondsUntilNextRun(after now: DateTimeOffset) -> Double {
        let day: Int64 = 86_400
        let seconds = now.secondsSinceEpoch
        let nextMidnight = (seconds / day + 1) * day
        return max(1, Double(nextMidnight + delayAfterMidnight) - now.epochSeconds)
    }
}
