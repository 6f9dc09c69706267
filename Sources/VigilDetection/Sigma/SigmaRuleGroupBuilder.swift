/// Builds a `SigmaRuleGroup`: numbers the atoms of the rules' expressions (an atom shared by several
/// rules is evaluated once per event), flattens the expressions (cheap items first), derives each
/// rule's anchors and fills the per-field needle automata.
struct SigmaRuleGroupBuilder {
    let logSource: SigmaLogSource
    private var rules: [Int32] = []
    private var expressions: [SigmaExpression] = []
    private var atoms: [SigmaAtom] = []
    private var atomNumbers: [SigmaAtom: Int32] = [:]

    init(logSource: SigmaLogSource) { self.logSource = logSource }

    /// Adds a compiled rule.
    mutating func add(rule: Int32, _ expression: SigmaExpression) {
        rules.append(rule)
        expressions.append(expression)
    }

    private struct NeedleKey: Hashable {
        var field: Int32
        var kind: UInt8
        var bytes: [UInt8]
    }

    consuming func build() -> SigmaRuleGroup {
        var nodes: [SigmaRuleGroup.Node] = []
        var children: [Int32] = []
        var roots: [Int32] = []
        var anchors: [[Int32]?] = []
        for expression in expressions {
            roots.append(flatten(expression, nodes: &nodes, children: &children))
            anchors.append(anchorSet(expression))
        }
        let indexed = atoms.map(Self.isIndexable)
        var anchoredRules = Array(repeating: [Int32](), count: atoms.count)
        var unanchored: [Int32] = []
        for (rule, set) in anchors.enumerated() {
            guard let set else { unanchored.append(Int32(rule)); continue }
            for atom in set { anchoredRules[Int(atom)].append(Int32(rule)) }
        }
        var needleNumbers: [NeedleKey: Int32] = [:]
        var needles: [[UInt8]] = []
        var needleAtoms: [[Int32]] = []
        var indexes: [Int32: FieldIndexBuilder] = [:]
        for (number, atom) in atoms.enumerated() where indexed[number] {
            guard case .strings(let field, let patterns, _) = atom else { continue }
            // Taken out of the dictionary while it grows, so its arrays are not copied on every insert.
            var index = indexes.removeValue(forKey: field) ?? FieldIndexBuilder()
            for pattern in patterns {
                let (kind, bytes) = Self.needle(pattern)
                let key = NeedleKey(field: field, kind: kind, bytes: bytes)
                if let existing = needleNumbers[key] {
                    if !needleAtoms[Int(existing)].contains(Int32(number)) { needleAtoms[Int(existing)].append(Int32(number)) }
                    continue
                }
                let id = Int32(needles.count)
                needleNumbers[key] = id
                needles.append(bytes)
                needleAtoms.append([Int32(number)])
                switch kind {
                case 0:
                    index.equals[bytes.withUnsafeBufferPointer(SigmaRuleGroup.hash), default: []].append(id)
                case 1:
                    if index.prefixes == nil { index.prefixes = ByteTrie(reversed: false) }
                    index.prefixes!.insert(bytes, id: id)
                case 2:
                    if index.suffixes == nil { index.suffixes = ByteTrie(reversed: true) }
                    index.suffixes!.insert(bytes, id: id)
                default:
                    if index.substrings == nil { index.substrings = AhoCorasick() }
                    index.substrings!.insert(bytes, id: id)
                }
            }
            indexes[field] = index
        }
        let fieldIndexes = indexes.sorted { $0.key < $1.key }.map { field, builder -> SigmaRuleGroup.FieldIndex in
            var b = builder
            b.prefixes?.build()
            b.suffixes?.build()
            b.substrings?.build()
            return SigmaRuleGroup.FieldIndex(field: field, equals: b.equals, prefixes: b.prefixes, suffixes: b.suffixes,
                                             substrings: b.substrings)
        }
        return SigmaRuleGroup(logSource: logSource, rules: rules, roots: roots, nodes: nodes, children: children,
                              atoms: atoms, indexed: indexed, anchored: anchoredRules, unanchored: unanchored,
                              fieldIndexes: fieldIndexes, needles: needles, needleAtoms: needleAtoms)
    }

    private struct FieldIndexBuilder {
        var equals: [UInt64: [Int32]] = [:]
        var prefixes: ByteTrie?
        var suffixes: ByteTrie?
        var substrings: AhoCorasick?
    }

    /// Whether an atom's truth can be read from the needle automata alone.
    static func isIndexable(_ atom: SigmaAtom) -> Bool {
        guard case .strings(_, let patterns, let cased) = atom, !cased, !patterns.isEmpty else { return false }
        return patterns.allSatisfy { pattern in
            switch pattern {
            case .equals: true
            case .prefix(let b), .suffix(let b), .contains(let b): !b.isEmpty
            case .wildcard: false
            }
        }
    }

    private static func needle(_ pattern: BytePattern) -> (UInt8, [UInt8]) {
        switch pattern {
        case .equals(let b): (0, b)
        case .prefix(let b): (1, b)
        case .suffix(let b): (2, b)
        case .contains(let b): (3, b)
        case .wildcard: (4, [])
        }
    }

    private mutating func number(_ atom: SigmaAtom) -> Int32 {
        if let n = atomNumbers[atom] { return n }
        let n = Int32(atoms.count)
        atoms.append(atom)
        atomNumbers[atom] = n
        return n
    }

    /// A rough cost of evaluating an expression once its indexed atoms are known: orders `and`/`or` items.
    private func cost(_ expression: SigmaExpression) -> Int {
        switch expression {
        case .atom(let atom):
            if Self.isIndexable(atom) { return 0 }
            if case .regex = atom { return 50 }
            if case .keywords = atom { return 20 }
            return 2
        case .not(let inner): return cost(inner)
        case .constant: return 0
        case .atLeast(_, let items): return items.reduce(1) { $0 + cost($1) }
        }
    }

    private mutating func flatten(_ expression: SigmaExpression, nodes: inout [SigmaRuleGroup.Node],
                                  children: inout [Int32]) -> Int32 {
        switch expression {
        case .atom(let atom):
            nodes.append(.init(kind: .atom, a: number(atom), count: 0, k: 0))
        case .constant(let value):
            nodes.append(.init(kind: .constant, a: value ? 1 : 0, count: 0, k: 0))
        case .not(let inner):
            let operand = flatten(inner, nodes: &nodes, children: &children)
            nodes.append(.init(kind: .not, a: operand, count: 0, k: 0))
        case .atLeast(let k, let items):
            let ordered = items.sorted { cost($0) < cost($1) }
            let operands = ordered.map { flatten($0, nodes: &nodes, children: &children) }
            let start = Int32(children.count)
            children += operands
            nodes.append(.init(kind: .atLeast, a: start, count: Int32(operands.count), k: Int32(k)))
        }
        return Int32(nodes.count - 1)
    }

    /// Indexed atoms one of which holds whenever the expression does, or `nil` when there is no such set
    /// (a negation, or an item that is not indexed). For `and`, the cheapest item's set; for `or` (and
    /// "at least k"), the union of all items' sets.
    private mutating func anchorSet(_ expression: SigmaExpression) -> [Int32]? {
        switch expression {
        case .atom(let atom):
            return Self.isIndexable(atom) ? [number(atom)] : nil
        case .not, .constant(true):
            return nil
        case .constant(false):
            return []
        case .atLeast(let k, let items):
            if k == items.count {
                var best: (set: [Int32], weight: Int)?
                for item in items {
                    guard let set = anchorSet(item) else { continue }
                    let weight = set.reduce(0) { $0 + Self.weight(atoms[Int($1)]) }
                    if best == nil || weight < best!.weight { best = (set, weight) }
                }
                return best?.set
            }
            var union: [Int32] = []
            for item in items {
                guard let set = anchorSet(item) else { return nil }
                for atom in set where !union.contains(atom) { union.append(atom) }
            }
            return union
        }
    }

    /// How often an atom is likely to hold: short needles are common, long ones rare.
    private static func weight(_ atom: SigmaAtom) -> Int {
        guard case .strings(_, let patterns, _) = atom else { return 100 }
        return patterns.reduce(0) { total, pattern in
            switch pattern {
            case .equals(let b): total + max(1, 6 - b.count)
            case .prefix(let b), .suffix(let b), .contains(let b): total + max(1, 14 - b.count)
            case .wildcard: total + 20
            }
        }
    }
}
