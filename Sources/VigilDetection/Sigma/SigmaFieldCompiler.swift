/// Compiles one field condition (`CommandLine|windash|contains|all: [...]`) into an expression over atoms.
///
/// Modifiers apply in the order written. A list of values is an `or` (one atom holding every
/// alternative) unless `all` makes it an `and` of one atom per value; `null` tests that the field is
/// absent or null. A field-less condition is a keyword search: a value without `startswith`/`endswith`/
/// `contains` is looked for anywhere in any field.
struct SigmaFieldCompiler {
    let match: SigmaFieldMatch
    let field: Int32?
    private let has: Set<SigmaModifier>

    private init(_ match: SigmaFieldMatch, field: Int32?) {
        self.match = match
        self.field = field
        has = Set(match.modifiers)
    }

    /// Compiles a field condition, numbering the fields it reads.
    static func compile(_ match: SigmaFieldMatch, fields: inout SigmaFieldTable) throws(SigmaRuleError) -> SigmaExpression {
        let compiler = SigmaFieldCompiler(match, field: match.field.map { fields.intern($0) })
        var references: [Int32] = []
        if compiler.has.contains(.fieldref) {
            references = match.values.compactMap(\.text).map { fields.intern($0) }
        }
        return try compiler.compile(references: references)
    }

    /// The patterns of one value (for tests): the modifiers applied in order, then compiled.
    static func patterns(_ text: String, modifiers: [SigmaModifier], keyword: Bool = false) throws(SigmaRuleError) -> [BytePattern] {
        try SigmaFieldCompiler(SigmaFieldMatch(field: keyword ? nil : "f", modifiers: modifiers, values: []),
                               field: keyword ? nil : 0).patterns(text)
    }

    private func compile(references: [Int32]) throws(SigmaRuleError) -> SigmaExpression {
        let name = match.field ?? "keywords"
        guard !match.values.isEmpty else {
            throw SigmaRuleError(.invalidValue, "'\(name)' has an empty list of values")
        }
        let modifiers = has
        let comparisons: [SigmaModifier] = [.gt, .gte, .lt, .lte]
        let exclusive = modifiers.intersection([.re, .cidr, .exists, .fieldref, .gt, .gte, .lt, .lte])
        guard exclusive.count <= 1 else {
            throw SigmaRuleError(.invalidValue, "'\(name)' combines \(exclusive.map(\.rawValue).sorted().joined(separator: ", ")), which exclude each other")
        }
        if !modifiers.isDisjoint(with: [.i, .m, .s]), !modifiers.contains(.re) {
            throw SigmaRuleError(.invalidValue, "'\(name)': i, m and s only go with re")
        }
        if let kind = exclusive.first, kind != .fieldref {
            let allowed: Set<SigmaModifier> = kind == .re ? [.re, .i, .m, .s, .all] : [kind, .all]
            if let extra = modifiers.subtracting(allowed).first {
                throw SigmaRuleError(.invalidValue, "'\(name)': \(kind.rawValue) cannot be combined with \(extra.rawValue)")
            }
        }
        if field == nil, !modifiers.isDisjoint(with: [.cidr, .exists, .fieldref, .gt, .gte, .lt, .lte]) {
            throw SigmaRuleError(.invalidValue, "a keyword search cannot use \(exclusive.map(\.rawValue).joined())")
        }
        if modifiers.contains(.exists) { return try exists() }
        if let comparison = comparisons.first(where: modifiers.contains) { return try number(comparison) }

        var items: [SigmaExpression] = []
        var texts: [String] = []
        for value in match.values {
            if case .null = value {
                guard let field else { throw SigmaRuleError(.invalidValue, "a keyword search cannot look for null") }
                items.append(.atom(.null(field: field)))
            } else if let text = value.text {
                texts.append(text)
            }
        }
        let all = modifiers.contains(.all)
        if modifiers.contains(.re) {
            for text in texts {
                let regex = SigmaExpression.atom(.regex(field: field, try SigmaRegex(text, caseInsensitive: modifiers.contains(.i),
                                                                                     multiline: modifiers.contains(.m),
                                                                                     dotAll: modifiers.contains(.s))))
                items.append(Self.guarded(regex, field: field, required: SigmaRequiredText.of(regex: text)))
            }
        } else if modifiers.contains(.cidr) {
            for text in texts {
                guard let network = SigmaNetwork(text), let field else {
                    throw SigmaRuleError(.invalidValue, "'\(name)|cidr': '\(text)' is not an address or network")
                }
                items.append(.atom(.cidr(field: field, [network])))
            }
            if !all, items.count > 1, let field {
                let networks = items.compactMap { item -> [SigmaNetwork]? in
                    if case .atom(.cidr(_, let n)) = item { return n } else { return nil }
                }.flatMap { $0 }
                let nulls = items.filter { if case .atom(.null) = $0 { true } else { false } }
                items = nulls + [.atom(.cidr(field: field, networks))]
            }
        } else if modifiers.contains(.fieldref) {
            guard let field else { throw SigmaRuleError(.invalidValue, "a keyword search cannot use fieldref") }
            for other in references {
                items.append(.atom(.fieldReference(field: field, other: other, placement: placement(),
                                                   cased: modifiers.contains(.cased))))
            }
        } else {
            let perValue = try texts.map { (t: String) throws(SigmaRuleError) -> [BytePattern] in try patterns(t) }
            let cased = modifiers.contains(.cased)
            func atom(_ patterns: [BytePattern]) -> SigmaExpression {
                if let field { return .atom(.strings(field: field, patterns: patterns, cased: cased)) }
                return .atom(.keywords(patterns: patterns, cased: cased))
            }
            /// The plain patterns in one atom (indexed when not cased), each wildcard one guarded by its
            /// required text.
            func alternatives(_ patterns: [BytePattern]) -> SigmaExpression {
                var plain: [BytePattern] = [], wildcards: [SigmaExpression] = []
                for pattern in patterns {
                    guard case .wildcard(let parts) = pattern, field != nil else { plain.append(pattern); continue }
                    wildcards.append(Self.guarded(atom([pattern]), field: field, required: SigmaRequiredText.of(wildcard: parts)))
                }
                return .or((plain.isEmpty ? [] : [atom(plain)]) + wildcards)
            }
            if all {
                items += perValue.map(alternatives)
            } else if !perValue.isEmpty {
                var seen: Set<BytePattern> = []
                items.append(alternatives(perValue.flatMap { $0 }.filter { seen.insert($0).inserted }))
            }
        }
        return all ? .and(items) : .or(items)
    }

    /// `required-text and test`: the same truth, but the index can rule the test out.
    private static func guarded(_ test: SigmaExpression, field: Int32?, required: [UInt8]?) -> SigmaExpression {
        guard let field, let required else { return test }
        return .and([.atom(.strings(field: field, patterns: [.contains(required)], cased: false)), test])
    }

    private func placement() -> SigmaPlacement {
        for modifier in match.modifiers {
            switch modifier {
            case .contains: return .contains
            case .startswith: return .prefix
            case .endswith: return .suffix
            default: continue
            }
        }
        return .equals
    }

    /// The patterns of one value: the modifiers applied in order, then compiled.
    private func patterns(_ text: String) throws(SigmaRuleError) -> [BytePattern] {
        var patterns = [SigmaPattern(parsing: text)]
        var placed = false
        for modifier in match.modifiers {
            switch modifier {
            case .windash:
                var out: [SigmaPattern] = []
                for p in patterns { out += try SigmaValueTransform.windash(p) }
                patterns = out
            case .base64:
                var out: [SigmaPattern] = []
                for p in patterns { out.append(try SigmaValueTransform.base64(p)) }
                patterns = out
            case .base64offset:
                var out: [SigmaPattern] = []
                for p in patterns { out += try SigmaValueTransform.base64offset(p) }
                patterns = out
            case .wide, .utf16le: patterns = patterns.map { SigmaValueTransform.utf16($0, bigEndian: false, byteOrderMark: false) }
            case .utf16be: patterns = patterns.map { SigmaValueTransform.utf16($0, bigEndian: true, byteOrderMark: false) }
            case .utf16: patterns = patterns.map { SigmaValueTransform.utf16($0, bigEndian: false, byteOrderMark: true) }
            case .contains: patterns = patterns.map { $0.containing() }; placed = true
            case .startswith: patterns = patterns.map { $0.startingWith() }; placed = true
            case .endswith: patterns = patterns.map { $0.endingWith() }; placed = true
            default: continue
            }
        }
        if field == nil, !placed { patterns = patterns.map { $0.containing() } }
        let cased = has.contains(.cased)
        return patterns.map { BytePattern($0, cased: cased) }
    }

    private func exists() throws(SigmaRuleError) -> SigmaExpression {
        guard let field, match.values.count == 1, case .bool(let wanted) = match.values[0] else {
            throw SigmaRuleError(.invalidValue, "'\(match.field ?? "")|exists' needs one value, true or false")
        }
        return .atom(.exists(field: field, wanted))
    }

    private func number(_ modifier: SigmaModifier) throws(SigmaRuleError) -> SigmaExpression {
        guard let field, let comparison = SigmaComparison(rawValue: modifier.rawValue) else {
            throw SigmaRuleError(.invalidValue, "a keyword search cannot compare numbers")
        }
        var items: [SigmaExpression] = []
        for value in match.values {
            guard let text = value.text, let bound = Double(text) else {
                throw SigmaRuleError(.invalidValue, "'\(match.field ?? "")|\(modifier.rawValue)' needs numbers")
            }
            items.append(.atom(.number(field: field, comparison, bound)))
        }
        return has.contains(.all) ? .and(items) : .or(items)
    }
}
