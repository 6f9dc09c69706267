/// The state of one evaluation: the object being tested and the values of lambda variables (stack
/// memory owned by `ODataPredicate.matches`, valid for the evaluation only).
struct EvaluationScope<Root: GraphObject> {
    let root: Root
    var variables: UnsafeMutableBufferPointer<ODataValue>
}

/// A `$filter` compiled to closures for evaluation in memory, with OData's semantics: a missing property
/// is `null`; comparisons other than `eq`/`ne` with `null` are false; `any` over an empty or missing
/// collection is false and `all` is true; enum members compare case-insensitively and order by their
/// CSDL values; strings compare by code point (as SQLite's BINARY collation does).
public struct ODataPredicate<Root: GraphObject>: Sendable {
    typealias Condition = @Sendable (inout EvaluationScope<Root>) -> Bool
    typealias Operand = @Sendable (inout EvaluationScope<Root>) -> ODataValue

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
        if slots == 0 {
            var scope = EvaluationScope(root: object, variables: UnsafeMutableBufferPointer(start: nil, count: 0))
            return condition(&scope)
        }
        return withUnsafeTemporaryAllocation(of: ODataValue.self, capacity: slots) { buffer in
            _ = buffer.initialize(repeating: .null)
            defer { _ = buffer.deinitialize() }
            var scope = EvaluationScope(root: object, variables: buffer)
            return condition(&scope)
        }
    }

    /// A reader of a property path outside any lambda; used for sort keys.
    static func reader(for path: BoundPath) -> @Sendable (Root) -> ODataValue {
        let operand = compilePath(path)
        return { object in
            var scope = EvaluationScope(root: object, variables: UnsafeMutableBufferPointer(start: nil, count: 0))
            return operand(&scope)
        }
    }

    // MARK: - Compilation

    private static func compileCondition(_ e: BoundExpression) -> Condition {
        switch e {
        case .and(let items):
            let parts = items.map(compileCondition)
            return { scope in
                for part in parts where !part(&scope) { return false }
                return true
            }
        case .or(let items):
            let parts = items.map(compileCondition)
            return { scope in
                for part in parts where part(&scope) { return true }
                return false
            }
        case .not(let inner):
            let part = compileCondition(inner)
            return { scope in !part(&scope) }
        case .isTrue(let inner):
            let value = compileOperand(inner)
            return { scope in
                if case .bool(true) = value(&scope) { return true }
                return false
            }
        case .comparison(let op, let lhs, let rhs, let kind):
            let l = compileOperand(lhs)
            let r = compileOperand(rhs)
            return { scope in ODataComparison.compare(op, l(&scope), r(&scope), kind) }
        case .in(let lhs, let values, let kind):
            let l = compileOperand(lhs)
            return { scope in
                let v = l(&scope)
                return values.contains { ODataComparison.compare(.eq, v, $0, kind) }
            }
        case .function(let function, let arguments):
            let args = arguments.map(compileOperand)
            return { scope in
                guard case .string(let a) = args[0](&scope), case .string(let b) = args[1](&scope) else { return false }
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
                return { scope in
                    if case .collection(let values) = items(&scope) { return !values.isEmpty }
                    return false
                }
            }
            let test = compileCondition(body)
            return { scope in
                guard case .collection(let values) = items(&scope) else { return kind == .all }
                let saved = scope.variables[slot]
                defer { scope.variables[slot] = saved }
                for value in values {
                    scope.variables[slot] = value
                    if test(&scope) != (kind == .all) { return kind != .all }
                }
                return kind == .all
            }
        case .constant, .property:
            let value = compileOperand(e)
            return { scope in
                if case .bool(true) = value(&scope) { return true }
                return false
            }
        }
    }

    private static func compileOperand(_ e: BoundExpression) -> Operand {
        switch e {
        case .constant(let v):
            return { _ in v }
        case .property(let path):
            return compilePath(path)
        case .function(.tolower, let args):
            let a = compileOperand(args[0])
            return { scope in
                if case .string(let s) = a(&scope) { return .string(s.lowercased()) }
                return .null
            }
        case .function(.toupper, let args):
            let a = compileOperand(args[0])
            return { scope in
                if case .string(let s) = a(&scope) { return .string(s.uppercased()) }
                return .null
            }
        default:
            let c = compileCondition(e)
            return { scope in .bool(c(&scope)) }
        }
    }

    private static func compilePath(_ path: BoundPath) -> Operand {
        var steps = path.fields[...]
        let first: Operand
        switch path.root {
        case .entity:
            guard let head = steps.popFirst() else { return { _ in .null } }
            guard let typed = Root.graphSchema.field(named: head.name) else { return { _ in .null } }
            let read = typed.read
            first = { scope in read(scope.root) }
        case .variable(let slot, _):
            first = { scope in scope.variables[slot] }
        }
        let rest = steps.map(\.read)
        if rest.isEmpty { return first }
        return { scope in
            var value = first(&scope)
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
            if a == b || equalsIgnoringASCIICase(a, b) { return 0 }
            let x = schema.rank(of: a), y = schema.rank(of: b)
            return x == y ? compareUTF8(a.lowercased(), b.lowercased()) : (x < y ? -1 : 1)
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
