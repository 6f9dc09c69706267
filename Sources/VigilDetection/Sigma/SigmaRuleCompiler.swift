/// Compiles a parsed rule's searches and condition into one expression over atoms.
enum SigmaRuleCompiler {
    /// The rule's detection as an expression.
    /// - Throws: `SigmaRuleError` for a value or modifier combination that cannot be compiled.
    static func compile(_ rule: SigmaRule, fields: inout SigmaFieldTable) throws(SigmaRuleError) -> SigmaExpression {
        var searches: [String: SigmaExpression] = [:]
        for (name, search) in rule.searches {
            do {
                searches[name] = try compile(search, fields: &fields)
            } catch {
                throw SigmaRuleError(error.kind, "search '\(name)': \(error.message)")
            }
        }
        return try compile(rule.condition, searches: searches, names: rule.searches.map(\.name))
    }

    static func compile(_ search: SigmaSearch, fields: inout SigmaFieldTable) throws(SigmaRuleError) -> SigmaExpression {
        switch search {
        case .allOf(let matches):
            var items: [SigmaExpression] = []
            for match in matches { items.append(try SigmaFieldCompiler.compile(match, fields: &fields)) }
            return .and(items)
        case .anyOf(let alternatives):
            var items: [SigmaExpression] = []
            for alternative in alternatives { items.append(try compile(alternative, fields: &fields)) }
            return .or(items)
        case .keywords(let match):
            return try SigmaFieldCompiler.compile(match, fields: &fields)
        }
    }

    static func compile(_ condition: SigmaCondition, searches: [String: SigmaExpression],
                        names: [String]) throws(SigmaRuleError) -> SigmaExpression {
        switch condition {
        case .search(let name):
            guard let expression = searches[name] else {
                throw SigmaRuleError(.invalidCondition, "the condition names '\(name)', which is not a search of the rule")
            }
            return expression
        case .not(let inner):
            let compiled = try compile(inner, searches: searches, names: names)
            if case .constant(let value) = compiled { return .constant(!value) }
            if case .not(let twice) = compiled { return twice }
            return .not(compiled)
        case .and(let items):
            var out: [SigmaExpression] = []
            for item in items { out.append(try compile(item, searches: searches, names: names)) }
            return .and(out)
        case .or(let items):
            var out: [SigmaExpression] = []
            for item in items { out.append(try compile(item, searches: searches, names: names)) }
            return .or(out)
        case .of(let quantifier, let pattern):
            let selected = SigmaCondition.select(pattern, from: names)
            guard !selected.isEmpty else {
                throw SigmaRuleError(.invalidCondition, "'\(pattern)' in the condition matches no search of the rule")
            }
            let items = selected.compactMap { searches[$0] }
            switch quantifier {
            case .all: return .and(items)
            case .atLeast(let n): return .atLeast(n, of: items)
            }
        }
    }
}
