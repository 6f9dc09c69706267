/// Evaluates a rule set on events, one at a time, keeping the per-event state (field values, which
/// atoms hold, which rules are candidates) in buffers reused from event to event.
///
/// Not shareable: each task (core) makes its own from the shared `SigmaRuleSet`.
public struct SigmaEvaluator {
    /// The rules evaluated.
    public let ruleSet: SigmaRuleSet
    private var view: SigmaEventView
    private var scratch: [GroupScratch?]
    private var groupsBySource: [EventLogSource: [Int]] = [:]

    init(ruleSet: SigmaRuleSet) {
        self.ruleSet = ruleSet
        view = SigmaEventView(fieldCount: ruleSet.fields.count)
        scratch = Array(repeating: nil, count: ruleSet.groups.count)
    }

    /// The rules (numbers into `ruleSet.rules`, ascending) that match an event.
    public mutating func matches(_ event: SigmaEvent) -> [Int] {
        let groups = groups(for: event.logSource)
        guard !groups.isEmpty else { return [] }
        view.load(event, table: ruleSet.fields)
        var matched: [Int] = []
        for g in groups {
            if scratch[g] == nil { scratch[g] = GroupScratch(ruleSet.groups[g]) }
            scratch[g]!.evaluate(ruleSet.groups[g], view, into: &matched)
        }
        matched.sort()
        return matched
    }

    /// The same answer as `matches(_:)`, evaluating every applicable rule's expression directly, without the
    /// index: the reference the index is tested against.
    public mutating func matchesWithoutIndex(_ event: SigmaEvent) -> [Int] {
        let groups = groups(for: event.logSource)
        guard !groups.isEmpty else { return [] }
        view.load(event, table: ruleSet.fields)
        var matched: [Int] = []
        for g in groups {
            for rule in ruleSet.groups[g].rules where ruleSet.expressions[Int(rule)].evaluate(view) {
                matched.append(Int(rule))
            }
        }
        return matched.sorted()
    }

    private mutating func groups(for source: EventLogSource) -> [Int] {
        if let known = groupsBySource[source] { return known }
        let found = source.ruleKeys.compactMap { ruleSet.groupNumbers[$0] }
        if groupsBySource.count < 10_000 { groupsBySource[source] = found }
        return found
    }
}
