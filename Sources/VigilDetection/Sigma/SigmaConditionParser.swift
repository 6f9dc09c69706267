/// Parses a Sigma condition (`selection and not 1 of filter_*`) into a `SigmaCondition`.
///
/// Grammar: `or := and ("or" and)*`, `and := not ("and" not)*`, `not := "not" not | primary`,
/// `primary := "(" or ")" | (NUMBER | "all" | "any") "of" NAME | NAME`. Keywords are matched without
/// regard to case. Aggregations (`| count() by …`, the deprecated Sigma v1 form) and `near` are reported
/// as unsupported.
public struct SigmaConditionParser {
    enum Token: Equatable {
        case name(String)
        case open, close
        case pipe
    }

    /// Deepest accepted nesting of parentheses and `not`s (the parser is recursive).
    public static let maximumDepth = 64

    private let tokens: [(token: Token, offset: Int)]
    private var position = 0
    private var depth = 0
    private let text: String

    /// Parses a condition.
    /// - Throws: `SigmaRuleError` with the offending token and its 0-based character offset.
    public static func parse(_ text: String) throws(SigmaRuleError) -> SigmaCondition {
        var parser = SigmaConditionParser(text: text, tokens: try tokenize(text))
        guard !parser.tokens.isEmpty else { throw SigmaRuleError(.invalidCondition, "the condition is empty") }
        let condition = try parser.parseOr()
        if parser.position < parser.tokens.count {
            let (token, offset) = parser.tokens[parser.position]
            if token == .pipe {
                throw SigmaRuleError(.unsupportedCondition, "aggregation after '|' in condition '\(text)' (use a correlation rule)")
            }
            throw SigmaRuleError(.invalidCondition, "unexpected \(describe(token)) at offset \(offset) in '\(text)'")
        }
        return condition
    }

    private init(text: String, tokens: [(token: Token, offset: Int)]) {
        self.text = text
        self.tokens = tokens
    }

    static func tokenize(_ text: String) throws(SigmaRuleError) -> [(token: Token, offset: Int)] {
        var out: [(token: Token, offset: Int)] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "(" { out.append((.open, i)); i += 1; continue }
            if c == ")" { out.append((.close, i)); i += 1; continue }
            if c == "|" {
                // What follows is an aggregation (`| count() by x > 5`); the parser reports it.
                out.append((.pipe, i))
                break
            }
            guard isNameCharacter(c) else {
                throw SigmaRuleError(.invalidCondition, "unexpected character '\(c)' at offset \(i) in '\(text)'")
            }
            let start = i
            while i < chars.count, isNameCharacter(chars[i]) { i += 1 }
            out.append((.name(String(chars[start..<i])), start))
        }
        return out
    }

    private static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "*" || c == "-" || c == "."
    }

    private static func describe(_ token: Token) -> String {
        switch token {
        case .name(let n): "'\(n)'"
        case .open: "'('"
        case .close: "')'"
        case .pipe: "'|'"
        }
    }

    private func keyword(at index: Int) -> String? {
        guard index < tokens.count, case .name(let n) = tokens[index].token else { return nil }
        return n.lowercased()
    }

    private mutating func parseOr() throws(SigmaRuleError) -> SigmaCondition {
        var items = [try parseAnd()]
        while keyword(at: position) == "or" {
            position += 1
            items.append(try parseAnd())
        }
        return items.count == 1 ? items[0] : .or(items)
    }

    private mutating func parseAnd() throws(SigmaRuleError) -> SigmaCondition {
        var items = [try parseNot()]
        while keyword(at: position) == "and" {
            position += 1
            items.append(try parseNot())
        }
        return items.count == 1 ? items[0] : .and(items)
    }

    private mutating func parseNot() throws(SigmaRuleError) -> SigmaCondition {
        if keyword(at: position) == "not" {
            position += 1
            return .not(try nested { (parser: inout Self) throws(SigmaRuleError) in try parser.parseNot() })
        }
        return try parsePrimary()
    }

    /// Parses one level deeper, refusing to go past `maximumDepth`.
    private mutating func nested(_ body: (inout Self) throws(SigmaRuleError) -> SigmaCondition) throws(SigmaRuleError) -> SigmaCondition {
        guard depth < Self.maximumDepth else {
            throw SigmaRuleError(.invalidCondition, "the condition nests parentheses and 'not' deeper than \(Self.maximumDepth) levels")
        }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func parsePrimary() throws(SigmaRuleError) -> SigmaCondition {
        guard position < tokens.count else {
            throw SigmaRuleError(.invalidCondition, "the condition '\(text)' ends where a search, 'not' or '(' was expected")
        }
        let (token, offset) = tokens[position]
        switch token {
        case .open:
            position += 1
            let inner = try nested { (parser: inout Self) throws(SigmaRuleError) in try parser.parseOr() }
            guard position < tokens.count, tokens[position].token == .close else {
                throw SigmaRuleError(.invalidCondition, "missing ')' for the '(' at offset \(offset) in '\(text)'")
            }
            position += 1
            return inner
        case .close, .pipe:
            throw SigmaRuleError(.invalidCondition, "unexpected \(Self.describe(token)) at offset \(offset) in '\(text)'")
        case .name(let name):
            let lower = name.lowercased()
            if keyword(at: position + 1) == "of" {
                let quantifier: SigmaCondition.Quantifier
                if lower == "all" {
                    quantifier = .all
                } else if lower == "any" {
                    quantifier = .atLeast(1)
                } else if let n = Int(name), n >= 1 {
                    quantifier = .atLeast(n)
                } else {
                    throw SigmaRuleError(.invalidCondition, "'\(name) of' at offset \(offset) in '\(text)': expected a number, 'all' or 'any' before 'of'")
                }
                guard position + 2 < tokens.count, case .name(let pattern) = tokens[position + 2].token,
                      !["and", "or", "not", "of"].contains(pattern.lowercased()) else {
                    throw SigmaRuleError(.invalidCondition, "'\(name) of' at offset \(offset) in '\(text)' needs a search name pattern or 'them'")
                }
                position += 3
                return .of(quantifier, pattern.lowercased() == "them" ? "them" : pattern)
            }
            if ["and", "or", "of"].contains(lower) {
                throw SigmaRuleError(.invalidCondition, "unexpected '\(name)' at offset \(offset) in '\(text)'")
            }
            if lower == "near" {
                throw SigmaRuleError(.unsupportedCondition, "'near' in condition '\(text)' is not supported")
            }
            position += 1
            return .search(name)
        }
    }
}
