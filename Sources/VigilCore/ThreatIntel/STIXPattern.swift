/// Reads a STIX pattern into alternatives: a list of ORs, each a list of comparisons joined by AND.
enum STIXPattern {
    /// One comparison: `object-type:property.path operator value`.
    struct Comparison: Equatable {
        /// The object path as written.
        var path: String
        /// The path without quotes, lowercased: `file:hashes.sha-256`.
        var key: String
        /// `=`, `!=`, `MATCHES`, `NOT =`, `EXISTS`, …
        var op: String
        /// The value when it is a string; `nil` for numbers, timestamps, binary and `EXISTS`.
        var value: String?

        /// The observable this comparison puts on a `tiIndicator`, or why it cannot.
        func observable() -> Result<ImportedObservable, ImportProblem> {
            let hashes: [String: FileHashType] = ["md5": .md5, "sha1": .sha1, "sha-1": .sha1, "sha256": .sha256,
                                                  "sha-256": .sha256]
            let hashType = key.hasPrefix("file:hashes.") ? hashes[String(key.dropFirst("file:hashes.".count))] : nil
            let known = ["ipv4-addr:value", "ipv6-addr:value", "domain-name:value", "url:value", "file:name",
                         "email-addr:value", "email-message:from_ref.value", "email-message:sender_ref.value"]
            guard hashType != nil || known.contains(key) else {
                return .failure(ImportProblem("object path \(path) is not supported"))
            }
            guard op == "=" else { return .failure(ImportProblem("operator \(op) on \(path) is not supported (only =)")) }
            guard let value, !value.isEmpty else {
                return .failure(ImportProblem("\(path) is compared with a value that is not a non-empty string"))
            }
            if let hashType {
                guard let hash = IndicatorText.hash(value, hashType) else {
                    return .failure(ImportProblem("'\(value)' is not an \(IndicatorText.hashName(hashType)) hash"))
                }
                return .success(.hash(hashType, hash))
            }
            switch key {
            case "ipv4-addr:value", "ipv6-addr:value":
                let v4 = key.hasPrefix("ipv4")
                switch IndicatorText.addressForm(value) {
                case .ipv4 where v4: return .success(.property(\.networkIPv4, name: "networkIPv4", value: value))
                case .ipv6 where !v4: return .success(.property(\.networkIPv6, name: "networkIPv6", value: value))
                case .cidr4 where v4, .cidr6 where !v4:
                    return .success(.property(\.networkCidrBlock, name: "networkCidrBlock", value: value))
                default: return .failure(ImportProblem("'\(value)' is not an IPv\(v4 ? 4 : 6) address or CIDR block"))
                }
            case "domain-name:value":
                guard IndicatorText.isDomainName(value) else { return .failure(ImportProblem("'\(value)' is not a domain name")) }
                return .success(.property(\.domainName, name: "domainName", value: value))
            case "url:value": return .success(.property(\.url, name: "url", value: value))
            case "file:name": return .success(.property(\.fileName, name: "fileName", value: value))
            default:
                guard IndicatorText.isEmailAddress(value) else {
                    return .failure(ImportProblem("'\(value)' is not an e-mail address"))
                }
                return .success(.property(\.emailSenderAddress, name: "emailSenderAddress", value: value))
            }
        }
    }

    /// Most alternatives one pattern may expand to (an AND of ORs multiplies).
    static let maximumAlternatives = 256

    /// The pattern's alternatives.
    ///
    /// - Throws: `ImportProblem` when the pattern cannot be read or uses `FOLLOWEDBY` or a qualifier.
    static func alternatives(_ pattern: String) throws(ImportProblem) -> [[Comparison]] {
        var parser = Parser(tokens: try tokens(Array(pattern)))
        let result = try parser.observationOr()
        if parser.keyword("FOLLOWEDBY") {
            throw ImportProblem("FOLLOWEDBY is not supported (a sequence of observations is not one tiIndicator)")
        }
        guard parser.position == parser.tokens.count else { throw parser.unexpected() }
        return result
    }

    enum Token: Equatable {
        case symbol(String), string(String), word(String), typed(String)
    }

    static func tokens(_ c: [Character]) throws(ImportProblem) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        func string() throws(ImportProblem) -> String {
            var text = ""
            i += 1
            while i < c.count {
                switch c[i] {
                case "'": i += 1; return text
                case "\\" where i + 1 < c.count: text.append(c[i + 1]); i += 2
                default: text.append(c[i]); i += 1
                }
            }
            throw ImportProblem("the pattern cannot be read: a string is not closed")
        }
        func isWord(_ ch: Character) -> Bool { ch.isLetter || ch.isNumber || "_-:.+*".contains(ch) }
        while i < c.count {
            let ch = c[i]
            if ch.isWhitespace { i += 1; continue }
            if "[]()=,".contains(ch) { tokens.append(.symbol(String(ch))); i += 1; continue }
            if "!<>".contains(ch) {
                let equals = i + 1 < c.count && c[i + 1] == "="
                guard equals || ch != "!" else { throw ImportProblem("the pattern cannot be read: '!' without '='") }
                tokens.append(.symbol(equals ? "\(ch)=" : String(ch)))
                i += equals ? 2 : 1
                continue
            }
            if ch == "'" { tokens.append(.string(try string())); continue }
            guard isWord(ch) else { throw ImportProblem("the pattern cannot be read: unexpected '\(ch)'") }
            var word = ""
            while i < c.count {
                if isWord(c[i]) {
                    word.append(c[i]); i += 1
                } else if c[i] == "'", word.hasSuffix(".") {
                    word += "'\(try string())'"
                } else if c[i] == "[", word.contains(":") {
                    while i < c.count, c[i] != "]" { word.append(c[i]); i += 1 }
                    guard i < c.count else { throw ImportProblem("the pattern cannot be read: a list index is not closed") }
                    word.append("]"); i += 1
                } else {
                    break
                }
            }
            if i < c.count, c[i] == "'", ["t", "h", "b64"].contains(word) {
                tokens.append(.typed(try string()))
            } else {
                tokens.append(.word(word))
            }
        }
        return tokens
    }

    struct Parser {
        let tokens: [Token]
        var position = 0
        var depth = 0

        init(tokens: [Token]) { self.tokens = tokens }

        mutating func keyword(_ name: String) -> Bool {
            guard position < tokens.count, case .word(let word) = tokens[position], word.uppercased() == name else {
                return false
            }
            position += 1
            return true
        }

        mutating func symbol(_ name: String) -> Bool {
            guard position < tokens.count, tokens[position] == .symbol(name) else { return false }
            position += 1
            return true
        }

        func unexpected() -> ImportProblem {
            guard position < tokens.count else { return ImportProblem("the pattern cannot be read: it ends too early") }
            let text = switch tokens[position] {
            case .symbol(let s), .word(let s): s
            case .string(let s), .typed(let s): "'\(s)'"
            }
            return ImportProblem("the pattern cannot be read: unexpected \(text)")
        }

        mutating func expect(_ name: String) throws(ImportProblem) {
            guard symbol(name) else { throw unexpected() }
        }

        static func product(_ a: [[Comparison]], _ b: [[Comparison]]) throws(ImportProblem) -> [[Comparison]] {
            guard a.count * b.count <= STIXPattern.maximumAlternatives else {
                throw ImportProblem("the pattern expands to more than \(STIXPattern.maximumAlternatives) alternatives")
            }
            return a.flatMap { x in b.map { x + $0 } }
        }

        static func union(_ a: [[Comparison]], _ b: [[Comparison]]) throws(ImportProblem) -> [[Comparison]] {
            guard a.count + b.count <= STIXPattern.maximumAlternatives else {
                throw ImportProblem("the pattern expands to more than \(STIXPattern.maximumAlternatives) alternatives")
            }
            return a + b
        }

        mutating func nested<T>(_ body: (inout Parser) throws(ImportProblem) -> T) throws(ImportProblem) -> T {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else { throw ImportProblem("the pattern is nested too deeply") }
            return try body(&self)
        }

        /// `operand (OR operand)*` or `operand (AND operand)*`: alternatives joined (OR) or combined (AND).
        mutating func joined(_ word: String,
                             _ operand: (inout Parser) throws(ImportProblem) -> [[Comparison]]) throws(ImportProblem) -> [[Comparison]] {
            var result = try operand(&self)
            while keyword(word) {
                let next = try operand(&self)
                result = word == "OR" ? try Self.union(result, next) : try Self.product(result, next)
            }
            return result
        }

        mutating func observationOr() throws(ImportProblem) -> [[Comparison]] {
            try joined("OR") { (p: inout Parser) throws(ImportProblem) in try p.joined("AND") { (q: inout Parser) throws(ImportProblem) in try q.observation() } }
        }

        mutating func observation() throws(ImportProblem) -> [[Comparison]] {
            let result: [[Comparison]]
            if symbol("[") {
                result = try nested { (p: inout Parser) throws(ImportProblem) in try p.comparisonOr() }
                try expect("]")
            } else if symbol("(") {
                result = try nested { (p: inout Parser) throws(ImportProblem) in try p.observationOr() }
                try expect(")")
            } else {
                throw unexpected()
            }
            for qualifier in ["WITHIN", "REPEATS", "START"] where keyword(qualifier) {
                throw ImportProblem("qualifier \(qualifier) is not supported")
            }
            return result
        }

        mutating func comparisonOr() throws(ImportProblem) -> [[Comparison]] {
            try joined("OR") { (p: inout Parser) throws(ImportProblem) in try p.joined("AND") { (q: inout Parser) throws(ImportProblem) in try q.comparison() } }
        }

        mutating func comparison() throws(ImportProblem) -> [[Comparison]] {
            if symbol("(") {
                let result = try nested { (p: inout Parser) throws(ImportProblem) in try p.comparisonOr() }
                try expect(")")
                return result
            }
            let exists = keyword("EXISTS")
            guard position < tokens.count, case .word(let path) = tokens[position], path.contains(":") else {
                throw unexpected()
            }
            position += 1
            let key = path.replacingQuotes.lowercased()
            if exists { return [[Comparison(path: path, key: key, op: "EXISTS", value: nil)]] }
            let negated = keyword("NOT") ? "NOT " : ""
            var op: String
            if position < tokens.count, case .symbol(let s) = tokens[position], ["=", "!=", "<", "<=", ">", ">="].contains(s) {
                op = s
                position += 1
            } else if let word = ["LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "IN"].first(where: { keyword($0) }) {
                op = word
            } else {
                throw unexpected()
            }
            op = negated + op
            guard op == "IN" || op == "NOT IN" else {
                return [[Comparison(path: path, key: key, op: op, value: try literal())]]
            }
            try expect("(")
            var values = [try literal()]
            while symbol(",") { values.append(try literal()) }
            try expect(")")
            if !negated.isEmpty { return [[Comparison(path: path, key: key, op: op, value: nil)]] }
            guard values.count <= STIXPattern.maximumAlternatives else {
                throw ImportProblem("the pattern expands to more than \(STIXPattern.maximumAlternatives) alternatives")
            }
            return values.map { [Comparison(path: path, key: key, op: "=", value: $0)] }
        }

        /// A constant: its text for a string, `nil` for any other kind.
        mutating func literal() throws(ImportProblem) -> String? {
            guard position < tokens.count else { throw unexpected() }
            switch tokens[position] {
            case .string(let s): position += 1; return s
            case .typed, .word: position += 1; return nil
            case .symbol: throw unexpected()
            }
        }
    }
}

extension String {
    /// The text without `'` quotes: `file:hashes.'SHA-256'` → `file:hashes.SHA-256`.
    fileprivate var replacingQuotes: String { filter { $0 != "'" } }
}
