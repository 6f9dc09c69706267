/// Figures about the rule set's `re` values for status reports: how many run on the linear-time matcher
/// and how many on ICU, and how often ICU was given only part of a value.
extension SigmaRuleSet {
    /// The distinct compiled `re` values of the rules (one per compiled expression copy, so every counter
    /// is seen once).
    var regexes: [SigmaRegex] {
        var out: [SigmaRegex] = []
        var seen: Set<ObjectIdentifier> = []
        func walk(_ expression: SigmaExpression) {
            switch expression {
            case .atom(.regex(_, let regex)):
                if seen.insert(ObjectIdentifier(regex.counter)).inserted { out.append(regex) }
            case .atom, .constant: break
            case .not(let inner): walk(inner)
            case .atLeast(_, let items): items.forEach(walk)
            }
        }
        expressions.forEach(walk)
        for group in groups {
            for case .regex(_, let regex) in group.atoms where seen.insert(ObjectIdentifier(regex.counter)).inserted {
                out.append(regex)
            }
        }
        return out
    }

    /// How many `re` values run on the linear-time matcher, and how many on ICU (patterns outside its
    /// subset, or with the multiline option).
    public var regexEngines: (linear: Int, icu: Int) {
        var patterns: [String: Bool] = [:]
        for regex in regexes { patterns["\(regex.options.rawValue)/\(regex.pattern)"] = regex.linear != nil }
        let linear = patterns.values.filter { $0 }.count
        return (linear, patterns.count - linear)
    }

    /// Evaluations, since the set was compiled, in which ICU was given only the first
    /// `SigmaRegex.icuLengthLimit` UTF-16 units of a longer value (the rest was not looked at).
    public var regexEvaluationsCapped: Int {
        regexes.reduce(0) { $0 + $1.counter.cappedEvaluations }
    }

    /// Evaluations, since the set was compiled, that ICU did not finish within `SigmaRegex.icuTimeBudget`
    /// (counted as no match).
    public var regexEvaluationsTimedOut: Int {
        regexes.reduce(0) { $0 + $1.counter.timedOutEvaluations }
    }
}
