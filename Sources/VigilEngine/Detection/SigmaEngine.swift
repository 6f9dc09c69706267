import Foundation
import Synchronization
import VigilCore
import VigilDetection

/// The Sigma rules of a server, from the directories of `sigma.rules`, and their evaluation on events.
///
/// The rule set is compiled once per change of the files (`reloadIfChanged()`, called at start and by
/// `SigmaRulesService`) and shared; every batch of events is evaluated on all cores, each core with its
/// own evaluator. A match becomes a Graph alert (`SigmaAlert`).
public final class SigmaEngine: Sendable {
    /// The rule directories (`sigma.rules`).
    public let directories: [String]

    private struct State {
        var ruleSet: SigmaRuleSet?
        var stamps: [SigmaRuleFiles.Stamp] = []
        var loadedAt: DateTimeOffset?
        var lastError: String?
    }

    private let state = Mutex(State())

    public init(directories: [String]) {
        self.directories = directories
    }

    /// The rules in use, or `nil` before the first load (or without directories).
    public var ruleSet: SigmaRuleSet? { state.withLock { $0.ruleSet } }

    /// Reads and compiles the rules when the files changed since the last load (or on the first call).
    /// - Returns: the new rule set, or `nil` when nothing changed.
    /// - Throws: `VigilError` when a directory cannot be read; the rules in use stay.
    @discardableResult
    public func reloadIfChanged(now: DateTimeOffset = .now()) throws(VigilError) -> SigmaRuleSet? {
        guard !directories.isEmpty else { return nil }
        let stamps: [SigmaRuleFiles.Stamp]
        do {
            stamps = try SigmaRuleFiles.list(directories)
        } catch {
            state.withLock { $0.lastError = error.message }
            throw error
        }
        if state.withLock({ $0.ruleSet != nil && $0.stamps == stamps }) { return nil }
        let (ruleSet, read) = try SigmaRuleFiles.load(directories)
        state.withLock {
            $0.ruleSet = ruleSet
            $0.stamps = read
            $0.loadedAt = now
            $0.lastError = nil
        }
        return ruleSet
    }

    /// Uses a rule set directly (tests, benchmarks).
    public func use(_ ruleSet: SigmaRuleSet, now: DateTimeOffset = .now()) {
        state.withLock {
            $0.ruleSet = ruleSet
            $0.loadedAt = now
        }
    }

    /// Evaluates events; returns one alert per (rule, event) match.
    /// - Parameters:
    ///   - events: the events of a batch.
    ///   - hint: the log source the sender named for the batch, if any.
    public func alerts(for events: [SecurityEvent], hint: SigmaLogSource?, tenantId: String,
                       now: DateTimeOffset) async -> [Alert] {
        guard let ruleSet, !ruleSet.rules.isEmpty, !events.isEmpty else { return [] }
        let chunk = 256
        let chunks = stride(from: 0, to: events.count, by: chunk).map { Array(events[$0..<min($0 + chunk, events.count)]) }
        let parts = await chunks.concurrentMap(parallelFrom: 2) { part -> [Alert] in
            var evaluator = ruleSet.evaluator()
            var out: [Alert] = []
            for event in part {
                let sigmaEvent = SigmaEvent(event, hint: hint)
                let matched = evaluator.matches(sigmaEvent)
                guard !matched.isEmpty else { continue }
                let key = SigmaAlert.eventKey(event, sigmaEvent)
                for rule in matched {
                    out.append(SigmaAlert.make(rule: ruleSet.rules[rule], event: event, sigmaEvent: sigmaEvent,
                                               eventKey: key, tenantId: tenantId, now: now))
                }
            }
            return out
        }
        return parts.flatMap { $0 }
    }

    /// The rules' state for `GET /ingest/status`: directories, compiled and skipped counts, top skip
    /// reasons, how many `re` values run on the linear matcher and on ICU, how many ICU evaluations were
    /// given only the first `SigmaRegex.icuLengthLimit` units of a value or stopped at their time budget,
    /// load time and the last error.
    public var status: JSONValue {
        state.withLock { s in
            var o: [String: JSONValue] = ["directories": .array(directories.map(JSONValue.string))]
            o["rules"] = .int(Int64(s.ruleSet?.rules.count ?? 0))
            o["skipped"] = .int(Int64(s.ruleSet?.skipped.count ?? 0))
            o["skipReasons"] = .object(Dictionary(uniqueKeysWithValues: (s.ruleSet?.skipReasons ?? []).map { ($0.kind, JSONValue.int(Int64($0.count))) }))
            let engines = s.ruleSet?.regexEngines ?? (linear: 0, icu: 0)
            o["regexLinear"] = .int(Int64(engines.linear))
            o["regexICU"] = .int(Int64(engines.icu))
            o["regexEvaluationsCapped"] = .int(Int64(s.ruleSet?.regexEvaluationsCapped ?? 0))
            o["regexEvaluationsTimedOut"] = .int(Int64(s.ruleSet?.regexEvaluationsTimedOut ?? 0))
            o["loadedAt"] = s.loadedAt.map { .string($0.iso8601) } ?? .null
            o["lastError"] = s.lastError.map(JSONValue.string) ?? .null
            return .object(o)
        }
    }
}
