/// The compiled rules of one log source, with the index that tells, per event, which rules can match.
///
/// Every string atom whose patterns are plain equality, prefix, suffix or substring tests is *indexed*:
/// its needles go into per-field automata, so one scan of each field's lowercased value marks every such
/// atom that holds. Each rule is *anchored* on a set of indexed atoms one of which must hold for the
/// rule to match (derived from its expression); only rules with a marked anchor — and the few without
/// anchors — are evaluated, most atoms then being known already.
struct SigmaRuleGroup: Sendable {
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
    struct FieldIndex: Sendable {
        var field: Int32
        var equals: [UInt64: [Int32]] = [:]
        var prefixes: ByteTrie?
        var suffixes: ByteTrie?
        var substrings: AhoCorasick?
    }

    let logSource: SigmaLogSource
    /// The rule set's number of each rule of the group.
    let rules: [Int32]
    let roots: [Int32]
    let nodes: [Node]
    let children: [Int32]
    let atoms: [SigmaAtom]
    let indexed: [Bool]
    /// Per indexed atom, the group's rules anchored on it.
    let anchoredRules: [[Int32]]
    /// Rules without an anchor: evaluated on every event of the log source.
    let unanchored: [Int32]
    let fieldIndexes: [FieldIndex]
    /// Per needle, its bytes (to confirm hash hits) and the atoms it makes true.
    let needles: [[UInt8]]
    let needleAtoms: [[Int32]]

    init(logSource: SigmaLogSource, rules: [Int32], roots: [Int32], nodes: [Node], children: [Int32],
         atoms: [SigmaAtom], indexed: [Bool], anchoredRules: [[Int32]], unanchored: [Int32],
         fieldIndexes: [FieldIndex], needles: [[UInt8]], needleAtoms: [[Int32]]) {
        self.logSource = logSource
        self.rules = rules
        self.roots = roots
        self.nodes = nodes
        self.children = children
        self.atoms = atoms
        self.indexed = indexed
        self.anchoredRules = anchoredRules
        self.unanchored = unanchored
        self.fieldIndexes = fieldIndexes
        self.needles = needles
        self.needleAtoms = needleAtoms
    }

    /// A hash of bytes for the equality table (FNV-1a).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
