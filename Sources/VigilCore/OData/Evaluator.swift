/// The values of lambda variables during one evaluation. Storage is made only when a lambda runs, and
/// the object under test is passed to the compiled closures separately, borrowed, so an evaluation that
/// needs no lambda allocates nothing and never copies the object.
struct LambdaFrame {
    var values: [ODataValue] = []
    let size: Int
}

/// A `$filter` compiled to closures for evaluation in memory, with OData's semantics: a missing property
/// is `null`; comparisons other than `eq`/`ne` with `null` are false; `any` over an empty or missing
/// collection is false and `all` is true; enum members compare case-insensitively and order by their
/// CSDL values; strings compare by code point (as SQLite's BINARY collation does).
public struct ODataPredicate<Root: GraphObject>: Sendable {
    // The object is passed by pointer: a fixed representation, so no closure conversion ever copies it.
    typealias Condition = @Sendable (UnsafePointer<Root>, inout LambdaFrame) -> Bool
    typealias Operand = @Sendable (UnsafePointer<Root>, inout LambdaFrame) -> ODataValue

    /// The validated expression this predicate evaluates.
    public let expression: BoundExpression
    private let condition: Condition
    private let slots: Int

    /// Compiles a bound expression.
    /// - Parameters:
    ///   - expression: a Boolean expression bound against `Root.graphSchema`.
    ///   - slots: the number of lambda variable slots (`ODataBinder.slotCount`).
    public init(_ expression: BoundExpression, slots: Int) {
        self.expression = expression
        self.slots = slots
        self.condition = Self.compileCondition(expression)
    }

    /// Whether the object satisfies the filter.
    public func matches(_ object: Root) -> Bool {
        var frame = LambdaFrame(size: slots)
        return withUnsafePointer(to: object) { condition($0, &frame) }
    }

    /// A reader of a property path outside any lambda; used for sort keys.
    public static func reader(for path: BoundPath) -> @Sendable (Root) -> ODataValue {
        let operand = compilePath(path)
        return { object in
            var frame = LambdaFrame(size: 0)
            return withUnsafePointer(to: object) { operand($0, &frame) }
        }
    }

    /// The objects that satisfy the filter, in their order. Reads the objects in place (no copies of
    /// objects that do not match).
    public func filter(_ objects: [Root]) -> [Root] {
        var frame = LambdaFrame(size: slots)
        return objects.withUnsafeBufferPointer { buffer in
            var result: [Root] = []
            guard let base = buffer.baseAddress else { return result }
            for i in buffer.indices where condition(base + i, &frame) { result.append(buffer[i]) }
            return result
        }
    }

    /// How many objects satisfy the filter.
    public func count(in objects: [Root]) -> Int {
        var frame = LambdaFrame(size: slots)
        return objects.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var n = 0
            for i in buffer.indices where condition(base + i, &frame) { n += 1 }
            return n
        }
    }

    // MARK: - Compilation

    private static func compileCondition(_ e: BoundExpression) -> Condition {
        switch e {
        case .and(let items):
            let parts = items.map(compileCondition)
            return { root, vars in
                for part in parts where !part(root, &vars) { return false }
                return true
            }
        case .or(let items):
            let parts = items.map(compileCondition)
            return { root, vars in
                for part in parts where part(root, &vars) { return true }
                return false
            }
        case .not(let inner):
            let part = compileCondition(inner)
            return { root, vars in !part(root, &vars) }
        case .isTrue(let inner):
            let value = compileOperand(inner)
            return { root, vars in
                if case .bool(true) = value(root, &vars) { return true }
                return false
            }
        case .comparison(let op, let lhs, let rhs, let kind):
            let l = compileOperand(lhs)
            let r = compileOperand(rhs)
            return { root, vars in ODataComparison.compare(op, l(root, &vars), r(root, &vars), kind) }
        case .in(let lhs, let values, let kind):
            let l = compileOperand(lhs)
            return { root, vars in
                let v = l(root, &vars)
                return values.contains { ODataComparison.compare(.eq, v, $0, kind) }
            }
        case .function(let function, let arguments):
            let args = arguments.map(compileOperand)
            return { root, vars in
                guard case .string(let a) = args[0](root, &vars), case .string(let b) = args[1](root, &vars) else { return false }
                switch function {
                case .contains: return ODataComparison.contains(a, b)
                case .startswith: return a.utf8.starts(with: b.utf8)
                case .endswith: return a.utf8.reversed().starts(with: b.utf8.reversed())
                case .tolower, .toupper: return false
                }
            }
        case .lambda(let kind, let collection, let slot, let body):
            let items = compilePath(collection)
            guard let body else {
                return { root, vars in
                    if case .collection(let values) = items(root, &vars) { return !values.isEmpty }
                    return false
                }
            }
            let test = compileCondition(body)
            return { root, vars in
                guard case .collection(let values) = items(root, &vars) else { return kind == .all }
                if vars.values.isEmpty { vars.values = Array(repeating: .null, count: vars.size) }
                let saved = vars.values[slot]
                defer { vars.values[slot] = saved }
                for value in values {
                    vars.values[slot] = value
                    if test(root, &vars) != (kind == .all) { return kind != .all }
                }
                return kind == .all
            }
        case .constant, .property:
            let value = compileOperand(e)
            return { root, vars in
                if case .bool(true) = value(root, &vars) { return true }
                return false
            }
        }
    }

    private static func compileOperand(_ e: BoundExpression) -> Operand {
        switch e {
        case .constant(let v):
            return { _, _ in v }
        case .property(let path):
            return compilePath(path)
        case .function(.tolower, let args):
            let a = compileOperand(args[0])
            return { root, vars in
                if case .string(let s) = a(root, &vars) { return .string(s.lowercased()) }
                return .null
            }
        case .function(.toupper, let args):
            let a = compileOperand(args[0])
            return { root, vars in
                if case .string(let s) = a(root, &vars) { return .string(s.uppercased()) }
                return .null
            }
        default:
            let c = compileCondition(e)
            return { root, vars in .bool(c(root, &vars)) }
        }
    }

    private static func compilePath(_ path: BoundPath) -> Operand {
        var steps = path.fields[...]
        let first: Operand
        switch path.root {
        case .entity:
            guard let head = steps.popFirst() else { return { _, _ in .null } }
            guard let typed = Root.graphSchema.field(named: head.name) else { return { _, _ in .null } }
            let read = typed.read
            first = { root, _ in read(root) }
        case .variable(let slot, _):
            first = { _, vars in vars.values[slot] }
        }
        let rest = steps.map(\.read)
        if rest.isEmpty { return first }
        return { root, vars in
            var value = first(root, &vars)
            for read in rest {
                guard case .object(let object) = value else { return .null }
                value = read(object)
            }
            return value
        }
    }
}

/// Comparison of evaluator values, shared by filters and `$orderby`.
enum ODataComparison {
    static func compare(_ op: ComparisonOperator, _ l: ODataValue, _ r: ODataValue, _ kind: ComparisonKind) -> Bool {
        switch op {
        case .eq: return equal(l, r, kind)
        case .ne: return !equal(l, r, kind)
        case .gt: return order(l, r, kind).map { $0 > 0 } ?? false
        case .ge: return order(l, r, kind).map { $0 >= 0 } ?? false
        case .lt: return order(l, r, kind).map { $0 < 0 } ?? false
        case .le: return order(l, r, kind).map { $0 <= 0 } ?? false
        }
    }

    static func equal(_ l: ODataValue, _ r: ODataValue, _ kind: ComparisonKind) -> Bool {
        switch (l, r) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.string(let a), .string(let b)): return a == b
        case (.enumMember(let a), .enumMember(let b)): return a == b || equalsIgnoringASCIICase(a, b)
        case (.object, _), (_, .object): return false
        default: return order(l, r, kind) == 0
        }
    }

    /// -1, 0 or 1; `nil` when either side is null or the values cannot be ordered.
    static func order(_ l: ODataValue, _ r: ODataValue, _ kind: ComparisonKind) -> Int? {
        switch (l, r) {
        case (.string(let a), .string(let b)):
            return compareUTF8(a, b)
        case (.enumMember(let a), .enumMember(let b)):
            guard case .enumeration(let schema) = kind else { return compareUTF8(a, b) }
            if a == b { return 0 }
            // Members order by value; an unknown member ranks as unknownFutureValue (equal ranks tie).
            let x = schema.rank(of: a), y = schema.rank(of: b)
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.int(let a), .int(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.int(let a), .double(let b)): return sign(Double(a), b)
        case (.double(let a), .int(let b)): return sign(a, Double(b))
        case (.double(let a), .double(let b)): return sign(a, b)
        case (.date(let a), .date(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (!a ? -1 : 1)
        default: return nil
        }
    }

    private static func sign(_ a: Double, _ b: Double) -> Int? {
        if a.isNaN || b.isNaN { return nil }
        return a == b ? 0 : (a < b ? -1 : 1)
    }

    /// Orders strings by their UTF-8 bytes (code point order, as SQLite's BINARY collation).
    static func compareUTF8(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    static func equalsIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        for (x, y) in zip(a.utf8, b.utf8) where x != y {
            let lx = (x >= 65 && x <= 90) ? x + 32 : x
            let ly = (y >= 65 && y <= 90) ? y + 32 : y
            if lx != ly { return false }
        }
        return true
    }

    /// Substring test on UTF-8 bytes (case-sensitive, like OData `contains`); Knuth–Morris–Pratt, so
    /// linear in both lengths whatever the input.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        if n.isEmpty { return true }
        var failure = [Int](repeating: 0, count: n.count)
        var k = 0
        for i in 1..<max(n.count, 1) {
            while k > 0, n[i] != n[k] { k = failure[k - 1] }
            if n[i] == n[k] { k += 1 }
            failure[i] = k
        }
        var matched = 0
        for byte in haystack.utf8 {
            while matched > 0, byte != n[matched] { matched = failure[matched - 1] }
            if byte == n[matched] { matched += 1 }
            if matched == n.count { return true }
        }
        return false
    }
}
