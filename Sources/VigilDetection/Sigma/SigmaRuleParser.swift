/// Reads Sigma rules (specification v2) from YAML text: metadata, log source, searches and condition.
///
/// Pure: the caller reads the file. Anything the parser cannot take (not YAML, not a detection rule, a
/// correlation or filter document, an unknown modifier, placeholders, a condition that does not parse or
/// names an undefined search) is a `SigmaRuleError` saying why.
public enum SigmaRuleParser {
    /// Parses the rule in a YAML text.
    /// - Parameter yaml: the text of one rule file.
    /// - Returns: the rule.
    /// - Throws: `SigmaRuleError`.
    public static func parse(_ yaml: String) throws(SigmaRuleError) -> SigmaRule {
        let documents = try SigmaNode.documents(yaml)
        guard let document = documents.first else { throw SigmaRuleError(.invalidRule, "the file is empty") }
        guard documents.count == 1 else {
            throw SigmaRuleError(.unsupportedDocument, "the file holds \(documents.count) YAML documents (a rule collection); one rule per file is supported")
        }
        return try rule(document)
    }

    /// Builds a rule from a parsed YAML document.
    static func rule(_ document: SigmaNode) throws(SigmaRuleError) -> SigmaRule {
        guard case .mapping = document else { throw SigmaRuleError(.invalidRule, "the document is not a mapping") }
        if document["correlation"] != nil {
            throw SigmaRuleError(.correlation, "correlation rules (over several events) are not evaluated on single events")
        }
        if document["filter"] != nil {
            throw SigmaRuleError(.unsupportedDocument, "Sigma filter documents (filter:) are not supported")
        }
        guard let title = document["title"]?.text, !title.isEmpty else {
            throw SigmaRuleError(.invalidRule, "'title' is missing")
        }
        guard let id = document["id"]?.text, !id.isEmpty else { throw SigmaRuleError(.invalidRule, "'id' is missing") }
        guard case .mapping = document["logsource"] else {
            throw SigmaRuleError(.invalidRule, "'logsource' is missing or not a mapping")
        }
        guard case .mapping(let detection) = document["detection"] else {
            throw SigmaRuleError(.invalidRule, "'detection' is missing or not a mapping")
        }
        var level: SigmaLevel?
        if let text = document["level"]?.text {
            guard let parsed = SigmaLevel(rawValue: text.lowercased()) else {
                throw SigmaRuleError(.invalidRule, "'level' \(text) is not one of informational, low, medium, high, critical")
            }
            level = parsed
        }
        var searches: [(name: String, search: SigmaSearch)] = []
        var conditionNode: SigmaNode?
        for (name, value) in detection {
            if name == "condition" { conditionNode = value; continue }
            if name == "timeframe" { continue }
            searches.append((name, try search(value, name: name)))
        }
        let logSource = document["logsource"]
        return SigmaRule(
            id: id, title: title, description: document["description"]?.text, level: level,
            status: document["status"]?.text, tags: document["tags"]?.texts ?? [],
            falsePositives: document["falsepositives"]?.texts ?? [],
            logSource: SigmaLogSource(product: logSource?["product"]?.text, category: logSource?["category"]?.text,
                                      service: logSource?["service"]?.text),
            references: document["references"]?.texts ?? [], author: document["author"]?.text,
            date: document["date"]?.text, modified: document["modified"]?.text, searches: searches,
            condition: try condition(conditionNode, names: searches.map(\.name)))
    }

    /// A condition, or several (alternatives), checked against the search names.
    static func condition(_ node: SigmaNode?, names: [String]) throws(SigmaRuleError) -> SigmaCondition {
        let texts: [String]
        switch node {
        case .scalar(let text, _)?: texts = [text]
        case .sequence(let items)?:
            texts = items.compactMap(\.text)
            guard texts.count == items.count, !texts.isEmpty else {
                throw SigmaRuleError(.invalidCondition, "'condition' must be a text or a list of texts")
            }
        default: throw SigmaRuleError(.invalidCondition, "'condition' is missing")
        }
        var parsed: [SigmaCondition] = []
        for text in texts {
            let c = try SigmaConditionParser.parse(text)
            try check(c, names: names)
            parsed.append(c)
        }
        return parsed.count == 1 ? parsed[0] : .or(parsed)
    }

    private static func check(_ condition: SigmaCondition, names: [String]) throws(SigmaRuleError) {
        switch condition {
        case .search(let name):
            guard names.contains(name) else {
                throw SigmaRuleError(.invalidCondition, "the condition names '\(name)', which is not a search of the rule")
            }
        case .not(let inner): try check(inner, names: names)
        case .and(let items), .or(let items): for item in items { try check(item, names: names) }
        case .of(_, let pattern):
            guard !SigmaCondition.select(pattern, from: names).isEmpty else {
                throw SigmaRuleError(.invalidCondition, "'\(pattern)' in the condition matches no search of the rule")
            }
        }
    }

    /// One named search: a map of field conditions, a list of maps, or a list of keywords.
    static func search(_ node: SigmaNode, name: String) throws(SigmaRuleError) -> SigmaSearch {
        switch node {
        case .mapping(let pairs):
            var matches: [SigmaFieldMatch] = []
            for (key, value) in pairs {
                let (field, modifiers) = try SigmaModifier.parse(key: key)
                let values: [SigmaNode]
                switch value {
                case .sequence(let items): values = items
                case .mapping: throw SigmaRuleError(.invalidRule, "search '\(name)': the value of '\(key)' is a mapping")
                default: values = [value]
                }
                for item in values {
                    if case .mapping = item { throw SigmaRuleError(.invalidRule, "search '\(name)': a value of '\(key)' is a mapping") }
                    if case .sequence = item { throw SigmaRuleError(.invalidRule, "search '\(name)': a value of '\(key)' is a list") }
                }
                // A key without a field ('|all': […]) is a keyword search with modifiers.
                matches.append(SigmaFieldMatch(field: field, modifiers: modifiers, values: values))
            }
            guard !matches.isEmpty else { throw SigmaRuleError(.invalidRule, "search '\(name)' is an empty mapping") }
            return .allOf(matches)
        case .sequence(let items):
            guard !items.isEmpty else { throw SigmaRuleError(.invalidRule, "search '\(name)' is an empty list") }
            if items.allSatisfy({ if case .mapping = $0 { return false } else if case .sequence = $0 { return false } else { return true } }) {
                return .keywords(SigmaFieldMatch(field: nil, modifiers: [], values: items))
            }
            var alternatives: [SigmaSearch] = []
            var keywords: [SigmaNode] = []
            for item in items {
                switch item {
                case .mapping: alternatives.append(try search(item, name: name))
                case .sequence: throw SigmaRuleError(.invalidRule, "search '\(name)' holds a list inside a list")
                default: keywords.append(item)
                }
            }
            if !keywords.isEmpty { alternatives.append(.keywords(SigmaFieldMatch(field: nil, modifiers: [], values: keywords))) }
            return .anyOf(alternatives)
        case .null, .bool, .scalar:
            throw SigmaRuleError(.invalidRule, "search '\(name)' is a single value; expected a mapping or a list")
        }
    }
}
