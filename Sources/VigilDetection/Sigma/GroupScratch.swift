/// Per-event state of one group: stamps mark what was set for the current event, so nothing is cleared.
struct GroupScratch {
    private var stamp: UInt32 = 0
    private var needleStamps: [UInt32]
    private var atomStamps: [UInt32]
    private var atomValues: [Bool]
    private var ruleStamps: [UInt32]
    private var candidates: [Int32] = []

    init(_ group: SigmaRuleGroup) {
        needleStamps = Array(repeating: 0, count: group.needles.count)
        atomStamps = Array(repeating: 0, count: group.atoms.count)
        atomValues = Array(repeating: false, count: group.atoms.count)
        ruleStamps = Array(repeating: 0, count: group.rules.count)
    }

    mutating func evaluate(_ group: SigmaRuleGroup, _ view: SigmaEventView, into matched: inout [Int]) {
        stamp &+= 1
        if stamp == 0 {
            for i in needleStamps.indices { needleStamps[i] = 0 }
            for i in atomStamps.indices { atomStamps[i] = 0 }
            for i in ruleStamps.indices { ruleStamps[i] = 0 }
            stamp = 1
        }
        candidates.removeAll(keepingCapacity: true)
        scan(group, view)
        for rule in group.unanchored where ruleStamps[Int(rule)] != stamp {
            ruleStamps[Int(rule)] = stamp
            candidates.append(rule)
        }
        var k = 0
        while k < candidates.count {
            let rule = Int(candidates[k])
            k += 1
            if value(group.roots[rule], group, view) { matched.append(Int(group.rules[rule])) }
        }
    }

    /// Runs each indexed field's values through its automata and marks the atoms (and candidate rules)
    /// of the needles found.
    private mutating func scan(_ group: SigmaRuleGroup, _ view: SigmaEventView) {
        view.bytes.withUnsafeBufferPointer { buffer in
            for index in group.fieldIndexes {
                var v = view.firstValue(index.field)
                while v >= 0 {
                    let value = view.values[Int(v)]
                    v = value.next
                    if value.isNull { continue }
                    let text = UnsafeBufferPointer(rebasing: buffer[Int(value.lowerStart)..<Int(value.lowerStart + value.lowerLength)])
                    if !index.equals.isEmpty, let ids = index.equals[SigmaRuleGroup.hash(text)] {
                        for id in ids where ByteSearch.equal(text, group.needles[Int(id)]) { mark(id, group) }
                    }
                    index.prefixes?.scan(text) { mark($0, group) }
                    index.suffixes?.scan(text) { mark($0, group) }
                    index.substrings?.scan(text) { mark($0, group) }
                }
            }
        }
    }

    @inline(__always)
    private mutating func mark(_ needle: Int32, _ group: SigmaRuleGroup) {
        guard needleStamps[Int(needle)] != stamp else { return }
        needleStamps[Int(needle)] = stamp
        var a = Int(group.needleAtomStart[Int(needle)])
        let atomsEnd = Int(group.needleAtomStart[Int(needle) + 1])
        while a < atomsEnd {
            let atom = Int(group.needleAtoms[a])
            a += 1
            guard atomStamps[atom] != stamp else { continue }
            atomStamps[atom] = stamp
            var r = Int(group.anchorStart[atom])
            let rulesEnd = Int(group.anchorStart[atom + 1])
            while r < rulesEnd {
                let rule = group.anchoredRules[r]
                r += 1
                if ruleStamps[Int(rule)] != stamp {
                    ruleStamps[Int(rule)] = stamp
                    candidates.append(rule)
                }
            }
        }
    }

    private mutating func atom(_ n: Int32, _ group: SigmaRuleGroup, _ view: SigmaEventView) -> Bool {
        let i = Int(n)
        if group.indexed[i] { return atomStamps[i] == stamp }
        if atomStamps[i] == stamp { return atomValues[i] }
        let result = group.atoms[i].evaluate(view)
        atomStamps[i] = stamp
        atomValues[i] = result
        return result
    }

    private mutating func value(_ n: Int32, _ group: SigmaRuleGroup, _ view: SigmaEventView) -> Bool {
        let node = group.nodes[Int(n)]
        switch node.kind {
        case .atom: return atom(node.a, group, view)
        case .constant: return node.a != 0
        case .not: return !value(node.a, group, view)
        case .atLeast:
            var hits: Int32 = 0
            let start = Int(node.a)
            for c in 0..<Int(node.count) {
                if value(group.children[start + c], group, view) {
                    hits += 1
                    if hits >= node.k { return true }
                } else if hits + (node.count - Int32(c) - 1) < node.k {
                    return false
                }
            }
            return hits >= node.k
        }
    }
}
