import Logging
import ServiceLifecycle
import VigilCore
import VigilDetection

/// Reloads the Sigma rules when their files change: checks the directories' files (paths, modification
/// times, sizes) every `interval` and recompiles on a change, logging what was compiled and, per rule,
/// why any was skipped. Ends at once when no directory is configured.
public struct SigmaRulesService: Service {
    let engine: SigmaEngine
    let interval: Duration
    let logger: Logger

    public init(engine: SigmaEngine, interval: Duration = .seconds(2), logger: Logger) {
        self.engine = engine
        self.interval = interval
        self.logger = logger
    }

    /// One check; logs a reload.
    public func checkOnce() {
        do {
            if let ruleSet = try engine.reloadIfChanged() { Self.log(ruleSet, logger: logger) }
        } catch {
            logger.error("cannot read the Sigma rules; the rules in use stay: \(error.message)")
        }
    }

    /// Logs a loaded rule set: totals, then one line per skipped rule.
    public static func log(_ ruleSet: SigmaRuleSet, logger: Logger) {
        logger.info("Sigma rules loaded", metadata: ["compiled": "\(ruleSet.rules.count)", "skipped": "\(ruleSet.skipped.count)"])
        for skipped in ruleSet.skipped {
            logger.notice("Sigma rule skipped", metadata: ["file": "\(skipped.name)", "id": "\(skipped.id ?? "-")",
                                                           "reason": "\(skipped.error)"])
        }
    }

    /// Checks the files every `interval` until graceful shutdown; returns at once without directories.
    public func run() async throws {
        guard !engine.directories.isEmpty else { return }
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    checkOnce()
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
