/// The compiled rules of one log source, with the index that tells, per event, which rules can match.
///
/// Every string atom whose patterns are plain equality, prefix, suffix or substring tests is *indexed*:
/// its needles go into per-field automata, so one scan of each field's lowercased value marks every such
/// atom that holds. Each rule is *anchored* on a set of indexed atoms one of which must hold for the
/// rule to match (derived from its expression); only rules with a marked anchor — and the few without
/// anchors — are evaluated, most atoms then being known already.
///
/// Immutable once built (a class so that the matcher's hot loop passes one reference around).
final class SigmaRuleGroup: Sendable {
    /// A node of the flattened rule expressions.
    struct Node: Sendable {
        enum Kind: UInt8, Sendable { case atom, atLeast, not, constant }
        var kind: Kind
        /// atom: atom number; atLeast: first child slot; not: the operand node; constant: 1 or 0.
        var a: Int32
        /// atLeast: number of children.
        var count: Int32
        /// atLeast: how many children must hold.
        var k: Int32
    }

    /// The needles of one field.
    final class FieldIndex: Sendable {
        let field: Int32
        let equals: [UInt64: [Int32]]
        let prefixes: ByteTrie?
        let suffixes: ByteTrie?
        let substrings: AhoCorasick?

        init(field: Int32, equals: [UInt64: [Int32]], prefixes: ByteTrie?, suffixes: ByteTrie?, substrings: AhoCorasick?) {
            self.field = field
            self.equals = equals
            self.prefixes = prefixes
            self.suffixes = suffixes
            self.substrings = substrings
        }
    }

    let logSource: SigmaLogSource
    /// The rule set's number of each rule of the group.
    let rules: [Int32]
    let roots: [Int32]
    let nodes: [Node]
    let children: [Int32]
    let atoms: [SigmaAtom]
    let indexed: [Bool]
    /// Rules without an anchor: evaluated on every event of the log source.
    let unanchored: [Int32]
    let fieldIndexes: [FieldIndex]
    /// Per needle, its bytes (to confirm equality hash hits).
    let needles: [[UInt8]]
    /// Per needle, the atoms it makes true: `needleAtoms[needleAtomStart[n]..<needleAtomStart[n + 1]]`.
    let needleAtomStart: [Int32]
    let needleAtoms: [Int32]
    /// Per atom, the rules anchored on it: `anchoredRules[anchorStart[a]..<anchorStart[a + 1]]`.
    let anchorStart: [Int32]
    let anchoredRules: [Int32]

    init(logSource: SigmaLogSource, rules: [Int32], roots: [Int32], nodes: [Node], children: [Int32],
         atoms: [SigmaAtom], indexed: [Bool], anchored: [[Int32]], unanchored: [Int32],
         fieldIndexes: [FieldIndex], needles: [[UInt8]], needleAtoms: [[Int32]]) {
        self.logSource = logSource
        self.rules = rules
        self.roots = roots
        self.nodes = nodes
        self.children = children
        self.atoms = atoms
        self.indexed = indexed
        self.unanchored = unanchored
        self.fieldIndexes = fieldIndexes
        self.needles = needles
        (needleAtomStart, self.needleAtoms) = Self.pack(needleAtoms)
        (anchorStart, anchoredRules) = Self.pack(anchored)
    }

    private static func pack(_ lists: [[Int32]]) -> ([Int32], [Int32]) {
        var start: [Int32] = [0]
        var flat: [Int32] = []
        for list in lists {
            flat += list
            start.append(Int32(flat.count))
        }
        return (start, flat)
    }

    /// A hash of bytes for the equality table (FNV-1a).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
