/// Reads STIX 2.x bundles into `tiIndicator`s.
///
/// Each `indicator` object whose `pattern_type` is `stix` (or absent) has its pattern read into
/// alternatives: the pattern's ORs (of comparisons, of observations, and `IN` lists) give one alternative
/// each, and each alternative becomes one `tiIndicator` (`externalId` = the STIX id, with `#n` when the
/// pattern has several). An AND joins comparisons into one `tiIndicator` when each fills a different
/// property; two values for one property (`file:hashes.MD5 = … AND file:hashes.'SHA-1' = …`) cannot be
/// one `tiIndicator`, so that alternative is skipped. Comparisons other than `=` on `ipv4-addr:value`,
/// `ipv6-addr:value` (CIDR allowed), `domain-name:value`, `url:value`, `file:hashes.MD5`/`SHA-1`/
/// `SHA-256`, `file:name`, `email-addr:value` and `email-message:from_ref.value`/`sender_ref.value`
/// make their alternative skipped, as do `FOLLOWEDBY` and qualifiers (`WITHIN`, `REPEATS`, `START`) for
/// the whole indicator.
///
/// Mapping: `description` from `name` (else `description`, else the pattern), cut to 100 characters;
/// `expirationDateTime` from `valid_until` (else now + validity); `confidence`; `tags` from `labels`;
/// `killChain` from Lockheed Martin kill-chain phases (Graph's values), other phases as
/// `chain:phase` tags; `malwareFamilyNames` and `activityGroupNames` from the malware, threat actors and
/// intrusion sets the indicator `indicates`; `tlpLevel` from the most restrictive TLP marking (standard
/// ids or the bundle's own definitions) in `object_marking_refs` or in granular markings of the pattern
/// or the description's source field. `threatType`: `anonymization` → Proxy; a `command-and-control`
/// kill-chain phase → C2; `malicious-activity` or `compromised` → MaliciousUrl for a URL, Malware for a
/// file or an indicator of malware; otherwise the default. Revoked and expired indicators are skipped.
public enum STIXImport {
    /// Reads a STIX bundle.
    ///
    /// - Parameters:
    ///   - bytes: the bundle, JSON in UTF-8.
    ///   - defaults: what the bundle does not say.
    /// - Returns: the indicators, and what was skipped with the reason.
    /// - Throws: `VigilError(.badRequest)` when the bytes are not JSON or not a STIX bundle.
    public static func read(_ bytes: [UInt8], defaults: IndicatorImportDefaults) throws(VigilError) -> IndicatorImport {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch {
            throw VigilError(.badRequest, "the STIX file is not JSON: \(error.message)")
        }
        guard document["type"]?.stringValue == "bundle", let objects = document["objects"]?.arrayValue else {
            throw VigilError(.badRequest,
                             "not a STIX bundle: expected a JSON object with \"type\": \"bundle\" and an \"objects\" array")
        }
        let context = BundleContext(objects)
        var result = IndicatorImport()
        for (index, object) in objects.enumerated() {
            guard let fields = object.objectValue, let type = fields["type"]?.stringValue else {
                result.skip("objects[\(index)]", "not a STIX object (no \"type\")")
                continue
            }
            guard type == "indicator" else { continue }
            readIndicator(fields, reference: fields["id"]?.stringValue ?? "objects[\(index)]", context: context,
                          defaults: defaults, into: &result)
        }
        return result
    }

    /// What indicators take from the rest of the bundle: TLP of markings, names of what they indicate.
    struct BundleContext {
        /// Marking ids known to be TLP: the standard TLP 1.0 and 2.0 ids and the bundle's own definitions.
        var tlp: [String: TlpLevel] = [
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": .white,
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": .green,
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": .amber,
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": .red,
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": .white,  // TLP 2.0 CLEAR
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": .green,
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": .amber,
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": .red,  // AMBER+STRICT
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": .red,
        ]
        var malware: [String: [String]] = [:]
        var groups: [String: [String]] = [:]

        init(_ objects: [JSONValue]) {
            var names: [String: (type: String, name: String)] = [:]
            for object in objects {
                guard let id = object["id"]?.stringValue, let type = object["type"]?.stringValue else { continue }
                if type == "marking-definition" {
                    let level = object["definition"]?["tlp"]?.stringValue.flatMap(IndicatorText.tlp)
                        ?? object["name"]?.stringValue.flatMap(IndicatorText.tlp)
                    if let level { tlp[id] = level }
                } else if let name = object["name"]?.stringValue {
                    names[id] = (type, name)
                }
            }
            for object in objects where object["type"]?.stringValue == "relationship"
                && object["relationship_type"]?.stringValue == "indicates"
            {
                guard let source = object["source_ref"]?.stringValue, let target = object["target_ref"]?.stringValue,
                      let (type, name) = names[target] else { continue }
                switch type {
                case "malware": malware[source, default: []].appendUnique(name)
                case "threat-actor", "intrusion-set": groups[source, default: []].appendUnique(name)
                default: break
                }
            }
        }
    }

    private static func readIndicator(_ fields: [String: JSONValue], reference: String, context: BundleContext,
                                      defaults: IndicatorImportDefaults, into result: inout IndicatorImport) {
        if fields["revoked"] == .bool(true) { return result.skip(reference, "revoked") }
        if let patternType = fields["pattern_type"]?.stringValue, patternType.lowercased() != "stix" {
            return result.skip(reference, "pattern_type '\(patternType)' is not supported (only 'stix')")
        }
        guard let pattern = fields["pattern"]?.stringValue else { return result.skip(reference, "no pattern") }
        var expiration = defaults.defaultExpiration
        if let validUntil = fields["valid_until"]?.stringValue {
            guard let end = DateTimeOffset(validUntil) else {
                return result.skip(reference, "valid_until '\(validUntil)' is not a timestamp")
            }
            guard end > defaults.now else { return result.skip(reference, "expired (valid_until \(validUntil))") }
            expiration = end
        }
        let alternatives: [[STIXPattern.Comparison]]
        do { alternatives = try STIXPattern.alternatives(pattern) } catch {
            return result.skip(reference, error.reason)
        }
        let id = fields["id"]?.stringValue

        let descriptionField = fields["name"]?.stringValue != nil ? "name"
            : fields["description"]?.stringValue != nil ? "description" : "pattern"
        var base = defaults.template(description: fields[descriptionField]?.stringValue ?? pattern)
        base.expirationDateTime = expiration
        if case .int(let confidence) = fields["confidence"], (0...100).contains(confidence) {
            base.confidence = Int32(confidence)
        }
        var tags = fields["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var killChain: [String] = []
        for phase in fields["kill_chain_phases"]?.arrayValue ?? [] {
            guard let chain = phase["kill_chain_name"]?.stringValue, let name = phase["phase_name"]?.stringValue
            else { continue }
            if chain == "lockheed-martin-cyber-kill-chain", let graphName = lockheedPhases[name] {
                killChain.appendUnique(graphName)
            } else {
                tags.appendUnique("\(chain):\(name)")
            }
        }
        if !tags.isEmpty { base.tags = tags }
        if !killChain.isEmpty { base.killChain = killChain }
        base.malwareFamilyNames = id.flatMap { context.malware[$0] }
        base.activityGroupNames = id.flatMap { context.groups[$0] }
        if let level = tlp(fields, markedFields: ["pattern", descriptionField], context: context) { base.tlpLevel = level }

        let types = Set((fields["indicator_types"] ?? fields["labels"])?.arrayValue?.compactMap(\.stringValue) ?? [])
        let phases = Set((fields["kill_chain_phases"]?.arrayValue ?? []).compactMap { $0["phase_name"]?.stringValue })
        for (index, alternative) in alternatives.enumerated() {
            let itemReference = alternatives.count > 1 ? "\(reference)#\(index + 1)" : reference
            var observables: [ImportedObservable] = []
            var failure: String?
            for comparison in alternative {
                switch comparison.observable() {
                case .success(let observable):
                    if let other = observables.first(where: { $0.propertyName == observable.propertyName }) {
                        failure = "AND of two values for \(other.propertyName) cannot be one tiIndicator"
                    }
                    observables.append(observable)
                case .failure(let problem): failure = problem.reason
                }
                if failure != nil { break }
            }
            if let failure {
                result.skip(itemReference, failure)
                continue
            }
            var indicator = base
            indicator.externalId = id.map { alternatives.count > 1 ? "\($0)#\(index + 1)" : $0 }
            observables.forEach { $0.apply(to: &indicator) }
            indicator.threatType = threatType(types: types, phases: phases, observables: observables,
                                              indicatesMalware: base.malwareFamilyNames != nil) ?? defaults.threatType
            result.indicators.append(indicator)
        }
    }

    /// Lockheed Martin kill-chain phase names and Graph's `killChain` values.
    private static let lockheedPhases = [
        "reconnaissance": "Reconnaissance", "weaponization": "Weaponization", "delivery": "Delivery",
        "exploitation": "Exploitation", "installation": "Installation", "command-and-control": "C2",
        "actions-on-objectives": "Actions",
    ]

    /// The most restrictive TLP marking on the object or on the fields the indicator is built from.
    private static func tlp(_ fields: [String: JSONValue], markedFields: Set<String>,
                            context: BundleContext) -> TlpLevel? {
        var refs = fields["object_marking_refs"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for granular in fields["granular_markings"]?.arrayValue ?? [] {
            let selectors = granular["selectors"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if let ref = granular["marking_ref"]?.stringValue, selectors.contains(where: markedFields.contains) {
                refs.append(ref)
            }
        }
        var level: TlpLevel?
        for ref in refs { if let found = context.tlp[ref] { level = IndicatorText.stricter(level, found) } }
        return level
    }

    private static func threatType(types: Set<String>, phases: Set<String>, observables: [ImportedObservable],
                                   indicatesMalware: Bool) -> String? {
        if types.contains("anonymization") { return "Proxy" }
        if phases.contains("command-and-control") { return "C2" }
        guard types.contains("malicious-activity") || types.contains("compromised") else { return nil }
        let names = Set(observables.map(\.propertyName))
        if names.contains("url") { return "MaliciousUrl" }
        if indicatesMalware || names.contains("fileHashValue") || names.contains("fileName") { return "Malware" }
        return nil
    }
}

extension Array where Element: Equatable {
    mutating func appendUnique(_ element: Element) {
        if !contains(element) { append(element) }
    }
}

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

        mutating func observationOr() throws(ImportProblem) -> [[Comparison]] {
            var result = try observationAnd()
            while keyword("OR") { result = try Self.union(result, try observationAnd()) }
            return result
        }

        mutating func observationAnd() throws(ImportProblem) -> [[Comparison]] {
            var result = try observation()
            while keyword("AND") { result = try Self.product(result, try observation()) }
            return result
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
            var result = try comparisonAnd()
            while keyword("OR") { result = try Self.union(result, try comparisonAnd()) }
            return result
        }

        mutating func comparisonAnd() throws(ImportProblem) -> [[Comparison]] {
            var result = try comparison()
            while keyword("AND") { result = try Self.product(result, try comparison()) }
            return result
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
