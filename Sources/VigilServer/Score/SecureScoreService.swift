import Logging
import ServiceLifecycle
import VigilCore

/// Takes the daily secure score snapshots: at start for every tenant without one today, then shortly after
/// each UTC midnight. Sleeps between runs and stops at once on graceful shutdown (SIGTERM).
public struct SecureScoreService: Service {
    let engine: SecureScoreEngine
    let logger: Logger
    let clock: @Sendable () -> DateTimeOffset
    /// Seconds after midnight (UTC) the daily run starts.
    static let delayAfterMidnight: Int64 = 60

    public init(engine: SecureScoreEngine, logger: Logger = Logger(label: "vigil.score"),
                clock: @escaping @Sendable () -> DateTimeOffset = { .now() }) {
        self.engine = engine
        self.logger = logger
        self.clock = clock
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runOnce()
                let wait = Self.secondsUntilNextRun(after: clock())
                do {
                    try await Task.sleep(for: .seconds(wait))
                } catch {
                    return  // cancelled: shutting down
                }
            }
        }
    }

    /// Computes the missing snapshots of today; a failure is logged and retried at the next run.
    func runOnce() async {
        do {
            let computed = try await engine.computeMissing(at: clock())
            if !computed.isEmpty {
                logger.info("secure score snapshots taken", metadata: ["tenants": "\(computed.count)"])
            }
        } catch {
            logger.error("secure score snapshots failed; retrying at the next run", metadata: ["error": "\(error)"])
        }
    }

    /// Seconds from `now` to the next run: `delayAfterMidnight` after the next UTC midnight.
    static func secondsUntilNextRun(after now: DateTimeOffset) -> Double {
        let day: Int64 = 86_400
        let seconds = now.secondsSinceEpoch
        let nextMidnight = (seconds / day + 1) * day
        return max(1, Double(nextMidnight + delayAfterMidnight) - now.epochSeconds)
    }
}
