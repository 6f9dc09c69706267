/// A rule's detection compiled to a boolean expression over atoms (before the atoms are numbered).
indirect enum SigmaExpression: Hashable, Sendable {
    case atom(SigmaAtom)
    /// True when at least `k` of the items are (`and`: k = count; `or`: k = 1).
    case atLeast(Int, [SigmaExpression])
    case not(SigmaExpression)
    case constant(Bool)

    /// Every item true; flattens nested `and`s and drops `true`.
    static func and(_ items: [SigmaExpression]) -> SigmaExpression {
        var out: [SigmaExpression] = []
        for item in items {
            switch item {
            case .constant(true): continue
            case .constant(false): return .constant(false)
            case .atLeast(let k, let inner) where k == inner.count && k > 1: out += inner
            default: out.append(item)
            }
        }
        if out.isEmpty { return .constant(true) }
        return out.count == 1 ? out[0] : .atLeast(out.count, out)
    }

    /// Some item true; flattens nested `or`s and drops `false`.
    static func or(_ items: [SigmaExpression]) -> SigmaExpression {
        var out: [SigmaExpression] = []
        for item in items {
            switch item {
            case .constant(false): continue
            case .constant(true): return .constant(true)
            case .atLeast(1, let inner) where inner.count > 1: out += inner
            default: out.append(item)
            }
        }
        if out.isEmpty { return .constant(false) }
        return out.count == 1 ? out[0] : .atLeast(1, out)
    }

    /// At least `k` items true.
    static func atLeast(_ k: Int, of items: [SigmaExpression]) -> SigmaExpression {
        if k <= 1 { return or(items) }
        if k >= items.count { return k == items.count ? and(items) : .constant(false) }
        return .atLeast(k, items)
    }

    /// Evaluates directly (every atom on the event): the reference the indexed matcher must agree with.
    func evaluate(_ view: SigmaEventView) -> Bool {
        switch self {
        case .atom(let atom): return atom.evaluate(view)
        case .not(let inner): return !inner.evaluate(view)
        case .constant(let value): return value
        case .atLeast(let k, let items):
            var hits = 0
            for (n, item) in items.enumerated() {
                if item.evaluate(view) { hits += 1 }
                if hits >= k { return true }
                if hits + (items.count - n - 1) < k { return false }
            }
            return hits >= k
        }
    }
}
