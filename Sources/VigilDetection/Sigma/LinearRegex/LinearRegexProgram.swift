/// A `LinearRegexNode` compiled to the instructions of a Thompson NFA: character steps, splits, jumps and
/// zero-width assertions, ending in one `match`. Counted repetition is spelled out (`x{2,4}` is `xx(x(x)?)?`),
/// so the parser bounds counts and the compiler bounds the program's size.
struct LinearRegexProgram {
    /// What an instruction does.
    enum Op: UInt8 {
        /// Consume one scalar of class `a`, then go on at the next instruction.
        case character
        /// Go on at both `a` and `b`.
        case split
        /// Go on at `a`.
        case jump
        /// Go on at the next instruction if assertion `a` holds here.
        case assertion
        /// The expression has matched.
        case match
    }

    private(set) var ops: [Op] = []
    private(set) var a: [Int32] = []
    private(set) var b: [Int32] = []
    private(set) var classes: [ScalarClass] = []
    /// Each class's ASCII bitmaps, apart, so that the machine's inner loop reads two words.
    private(set) var classLow: [UInt64] = []
    private(set) var classHigh: [UInt64] = []
    /// Whether every match must start at the start of the text (the expression begins with `^`).
    private(set) var anchoredAtStart = false

    /// The ASCII scalars that can begin a match (bits 0–63 and 64–127), when no match can be empty:
    /// positions holding another ASCII scalar are skipped while no thread is alive. `nil` when a match
    /// may be empty.
    private(set) var firstASCII: (UInt64, UInt64)?

    /// The largest program built; beyond it the expression stays with ICU.
    static let maximumSize = 20_000

    /// The program of `node`, or `nil` when it would exceed `maximumSize` instructions.
    init?(_ node: LinearRegexNode) {
        guard emit(node) else { return nil }
        append(.match)
        if case .sequence(let parts) = node, case .assertion(.start) = parts.first { anchoredAtStart = true }
        if case .assertion(.start) = node { anchoredAtStart = true }
        firstASCII = startingASCII()
        classLow = classes.map(\.low)
        classHigh = classes.map(\.high)
    }

    /// The ASCII scalars consumed by the character steps reachable from the start without consuming
    /// anything (assertions taken as holding), or `nil` when `match` is reachable so.
    private func startingASCII() -> (UInt64, UInt64)? {
        var seen = Set<Int32>()
        var stack: [Int32] = [0]
        var low: UInt64 = 0, high: UInt64 = 0
        while let pc = stack.popLast() {
            guard seen.insert(pc).inserted else { continue }
            let i = Int(pc)
            switch ops[i] {
            case .match: return nil
            case .jump: stack.append(a[i])
            case .split: stack.append(a[i]); stack.append(b[i])
            case .assertion: stack.append(pc + 1)
            case .character:
                let set = classes[Int(a[i])]
                for c in UInt32(0)..<128 where set.contains(c) {
                    if c < 64 { low |= 1 << UInt64(c) } else { high |= 1 << UInt64(c - 64) }
                }
            }
        }
        return (low, high)
    }

    var count: Int { ops.count }

    @discardableResult
    private mutating func append(_ op: Op, _ x: Int = 0, _ y: Int = 0) -> Int {
        ops.append(op)
        a.append(Int32(x))
        b.append(Int32(y))
        return ops.count - 1
    }

    /// Emits `node`; false once the program is too large.
    private mutating func emit(_ node: LinearRegexNode) -> Bool {
        guard ops.count < Self.maximumSize else { return false }
        switch node {
        case .empty:
            return true
        case .character(let set):
            let index = classes.firstIndex(of: set) ?? { classes.append(set); return classes.count - 1 }()
            append(.character, index)
            return true
        case .assertion(let kind):
            append(.assertion, Int(kind.rawValue))
            return true
        case .sequence(let parts):
            for part in parts where !emit(part) { return false }
            return true
        case .alternatives(let options):
            // split L1, next; L1: option1; jump end; next: split L2, … ; last option; end:
            var jumps: [Int] = []
            for (k, option) in options.enumerated() {
                if k < options.count - 1 {
                    let split = append(.split)
                    a[split] = Int32(ops.count)
                    guard emit(option) else { return false }
                    jumps.append(append(.jump))
                    b[split] = Int32(ops.count)
                } else {
                    guard emit(option) else { return false }
                }
            }
            for j in jumps { a[j] = Int32(ops.count) }
            return true
        case .repetition(let body, let min, let max):
            for _ in 0..<min where !emit(body) { return false }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    let split = append(.split)
                    a[split] = Int32(ops.count)
                    splits.append(split)
                    guard emit(body) else { return false }
                }
                for s in splits { b[s] = Int32(ops.count) }
            } else {
                // L: split body, end; body; jump L; end:
                let split = append(.split)
                a[split] = Int32(ops.count)
                guard emit(body) else { return false }
                append(.jump, split)
                b[split] = Int32(ops.count)
            }
            return true
        }
    }
}
