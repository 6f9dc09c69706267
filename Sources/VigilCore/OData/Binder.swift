/// Checks a parsed `$filter` against an entity schema and produces a `BoundExpression`.
///
/// Property names resolve exactly, else case-insensitively (as Graph does). Errors name the offending
/// token and its byte offset: unknown properties or functions, wrong argument counts, collections used
/// without a lambda, type mismatches (`severity gt 3`), enum members that do not exist.
public struct ODataBinder {
    private let schema: any AnyObjectSchema
    private let option: String
    /// Lambda variables in scope: name, slot, element type.
    private var scope: [(name: String, slot: Int, type: EdmType)] = []
    private var nextSlot = 0

    /// The number of lambda variable slots the bound expression uses.
    public private(set) var slotCount = 0

    /// Creates a binder for an entity schema.
    public init(schema: any AnyObjectSchema, option: String = "$filter") {
        self.schema = schema
        self.option = option
    }

    /// Binds a whole `$filter`: the result must be a Boolean condition.
    public mutating func bindFilter(_ expression: ODataExpression) throws(VigilError) -> BoundExpression {
        let (bound, type) = try bind(expression)
        return try condition(bound, type, at: expression)
    }

    // MARK: - Types

    private enum ValueType {
        case boolean, string, integer, decimal, date, null
        case enumeration(EnumSchema)
        case complex(any AnyObjectSchema)
        case collection(EdmType)
        case literalString(String)  // a string literal, still open to conversion (date, enum member)

        var name: String {
            switch self {
            case .boolean: "Edm.Boolean"
            case .string, .literalString: "Edm.String"
            case .integer: "Edm.Int64"
            case .decimal: "Edm.Double"
            case .date: "Edm.DateTimeOffset"
            case .null: "null"
            case .enumeration(let e): "microsoft.graph.\(e.name)"
            case .complex(let s): "microsoft.graph.\(s.name)"
            case .collection(let t): "Collection(\(t))"
            }
        }
    }

    private static func valueType(_ type: EdmType, isCollection: Bool) -> ValueType {
        if isCollection { return .collection(type) }
        switch type {
        case .string: return .string
        case .boolean: return .boolean
        case .int32, .int64: return .integer
        case .double: return .decimal
        case .dateTimeOffset: return .date
        case .enumeration(let e): return .enumeration(e)
        case .complex(let r): return .complex(r.schema)
        case .untyped: return .collection(.untyped)
        }
    }

    // MARK: - Binding

    private mutating func bind(_ e: ODataExpression) throws(VigilError) -> (BoundExpression, ValueType) {
        switch e {
        case .literal(let literal, let offset):
            return try bindLiteral(literal, offset: offset)
        case .path(let path):
            let bound = try resolve(path)
            return (.property(bound), Self.valueType(bound.type, isCollection: bound.isCollection))
        case .and(let items), .or(let items):
            var bound: [BoundExpression] = []
            bound.reserveCapacity(items.count)
            for item in items {
                let (b, t) = try bind(item)
                bound.append(try condition(b, t, at: item))
            }
            if case .and = e { return (.and(bound), .boolean) }
            return (.or(bound), .boolean)
        case .not(let inner, _):
            let (b, t) = try bind(inner)
            return (.not(try condition(b, t, at: inner)), .boolean)
        case .comparison(let op, let lhs, let rhs, let offset):
            return (try bindComparison(op, lhs, rhs, offset: offset), .boolean)
        case .in(let lhs, let items, let offset):
            return (try bindIn(lhs, items, offset: offset), .boolean)
        case .call(let name, let arguments, let offset):
            return try bindCall(name, arguments, offset: offset)
        case .lambda(let kind, let collection, let variable, let body, let offset):
            return (try bindLambda(kind, collection, variable, body, offset: offset), .boolean)
        }
    }

    private func bindLiteral(_ literal: ODataLiteral, offset: Int) throws(VigilError) -> (BoundExpression, ValueType) {
        switch literal {
        case .null: return (.constant(.null), .null)
        case .bool(let b): return (.constant(.bool(b)), .boolean)
        case .integer(let i): return (.constant(.int(i)), .integer)
        case .decimal(let d): return (.constant(.double(d)), .decimal)
        case .string(let s): return (.constant(.string(s)), .literalString(s))
        case .dateTimeOffset(let d): return (.constant(.date(d)), .date)
        case .enumMember(let type, let member):
            // Resolved against the other operand in a comparison; alone it is a string.
            return (.constant(.string(member)), .literalString(member + "\u{0}" + type))
        }
    }

    /// Resolves a property path against the schema or a lambda variable.
    func resolve(_ path: PropertyPath) throws(VigilError) -> BoundPath {
        var segments = path.segments[...]
        var offsets = path.offsets[...]
        var root = BoundPath.Root.entity
        var current: EdmType
        var currentIsCollection = false
        var objectSchema: (any AnyObjectSchema)? = schema
        if let variable = scope.last(where: { $0.name == segments.first }) {
            root = .variable(slot: variable.slot, name: variable.name)
            current = variable.type
            if case .complex(let r) = variable.type { objectSchema = r.schema } else { objectSchema = nil }
            segments = segments.dropFirst()
            offsets = offsets.dropFirst()
        } else {
            current = .complex(ObjectSchemaReference(schema))
        }
        var fields: [AnyField] = []
        for (name, offset) in zip(segments, offsets) {
            if currentIsCollection {
                let previous = fields.last?.name ?? name
                throw error("'\(previous)' is a collection; use a lambda such as \(previous)/any(x: x/\(name) eq ...)",
                            at: offset)
            }
            guard let owner = objectSchema else {
                throw error("'\(name)' cannot follow a value of type \(current)", at: offset)
            }
            guard let field = owner.anyField(named: name) else {
                throw error("'\(name)' is not a property of \(owner.name)", at: offset)
            }
            guard field.isFilterable else {
                throw error("the property '\(field.name)' cannot be used in \(option)", at: offset)
            }
            fields.append(field)
            current = field.type
            currentIsCollection = field.isCollection
            if case .complex(let r) = field.type { objectSchema = r.schema } else { objectSchema = nil }
        }
        return BoundPath(root: root, fields: fields, type: current, isCollection: currentIsCollection)
    }

    private mutating func bindLambda(_ kind: LambdaKind, _ collection: PropertyPath, _ variable: String?,
                                     _ body: ODataExpression?, offset: Int) throws(VigilError) -> BoundExpression
    {
        let path = try resolve(collection)
        guard path.isCollection else {
            throw error("'\(path)' is not a collection, so '\(kind.rawValue)' cannot be applied to it", at: offset)
        }
        guard let variable, let body else {
            return .lambda(kind, collection: path, slot: -1, body: nil)
        }
        if variable == "$it" || scope.contains(where: { $0.name == variable }) || schema.anyField(named: variable) != nil {
            throw error("the lambda variable '\(variable)' hides another name; choose a different one", at: offset)
        }
        let slot = nextSlot
        nextSlot += 1
        slotCount = max(slotCount, nextSlot)
        scope.append((variable, slot, path.type))
        defer {
            scope.removeLast()
            nextSlot -= 1
        }
        let (bound, type) = try bind(body)
        return .lambda(kind, collection: path, slot: slot, body: try condition(bound, type, at: body))
    }

    private mutating func bindCall(_ name: String, _ arguments: [ODataExpression], offset: Int)
        throws(VigilError) -> (BoundExpression, ValueType)
    {
        guard let function = ODataFunction(rawValue: name) else {
            let known = ODataFunction.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("unknown function '\(name)' (supported: \(known))", at: offset)
        }
        guard arguments.count == function.arity else {
            throw error("'\(name)' takes \(function.arity) argument\(function.arity == 1 ? "" : "s") but was given \(arguments.count)",
                        at: offset)
        }
        var bound: [BoundExpression] = []
        for argument in arguments {
            let (b, t) = try bind(argument)
            switch t {
            case .string, .literalString, .null: bound.append(b)
            default:
                throw error("'\(name)' takes strings, but its argument is of type \(t.name)", at: argument.offset)
            }
        }
        switch function {
        case .tolower, .toupper: return (.function(function, bound), .string)
        case .contains, .startswith, .endswith: return (.function(function, bound), .boolean)
        }
    }

    private mutating func bindComparison(_ op: ComparisonOperator, _ lhs: ODataExpression, _ rhs: ODataExpression,
                                         offset: Int) throws(VigilError) -> BoundExpression
    {
        var (l, lt) = try bind(lhs)
        var (r, rt) = try bind(rhs)
        let kind = try unify(&l, &lt, &r, &rt, op: op.rawValue, lhs: lhs, rhs: rhs, offset: offset)
        if case .null = kind, op != .eq, op != .ne {
            throw error("'\(op.rawValue)' cannot compare with null; use eq or ne", at: offset)
        }
        if case .boolean = kind, op != .eq, op != .ne {
            throw error("'\(op.rawValue)' cannot order Boolean values; use eq or ne", at: offset)
        }
        return .comparison(op, l, r, kind)
    }

    private mutating func bindIn(_ lhs: ODataExpression, _ items: [ODataExpression], offset: Int)
        throws(VigilError) -> BoundExpression
    {
        var (l, lt) = try bind(lhs)
        var values: [ODataValue] = []
        var kind: ComparisonKind?
        for item in items {
            guard case .literal = item else { throw error("'in' takes a list of literals", at: item.offset) }
            var (r, rt) = try bind(item)
            let k = try unify(&l, &lt, &r, &rt, op: "in", lhs: lhs, rhs: item, offset: item.offset)
            guard case .constant(let v) = r else { continue }
            values.append(v)
            if case .null = k {} else { kind = k }
        }
        return .in(l, values, kind ?? .null)
    }

    /// Decides how two operands compare, converting string literals to dates or enum members where the
    /// other side asks for it; throws on a mismatch.
    private func unify(_ l: inout BoundExpression, _ lt: inout ValueType, _ r: inout BoundExpression,
                       _ rt: inout ValueType, op: String, lhs: ODataExpression, rhs: ODataExpression,
                       offset: Int) throws(VigilError) -> ComparisonKind
    {
        func mismatch() -> VigilError {
            error("cannot compare \(describe(lhs, lt)) with \(describe(rhs, rt)) using '\(op)'", at: offset)
        }
        try checkComparable(lt, other: rt, lhs)
        try checkComparable(rt, other: lt, rhs)
        switch (lt, rt) {
        case (.null, .null): return .null
        case (.null, _), (_, .null): return .null
        case (.boolean, .boolean): return .boolean
        case (.integer, .integer), (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal): return .number
        case (.date, .date): return .date
        case (.date, .literalString(let s)):
            r = .constant(.date(try date(s, at: rhs.offset)))
            return .date
        case (.literalString(let s), .date):
            l = .constant(.date(try date(s, at: lhs.offset)))
            return .date
        case (.enumeration(let e), .enumeration(let e2)) where e == e2: return .enumeration(e)
        case (.enumeration(let e), .literalString(let s)):
            r = .constant(.enumMember(try member(s, of: e, at: rhs.offset)))
            return .enumeration(e)
        case (.literalString(let s), .enumeration(let e)):
            l = .constant(.enumMember(try member(s, of: e, at: lhs.offset)))
            return .enumeration(e)
        case (.string, .string), (.string, .literalString), (.literalString, .string),
             (.literalString, .literalString):
            return .string
        default:
            throw mismatch()
        }
    }

    /// Collections and objects cannot be compared (an object only with `null`).
    private func checkComparable(_ t: ValueType, other: ValueType, _ e: ODataExpression) throws(VigilError) {
        switch t {
        case .collection:
            throw error("'\(e)' is a collection; use a lambda such as \(e)/any(x: x eq ...)", at: e.offset)
        case .complex(let s):
            if case .null = other { return }
            throw error("'\(e)' is an object of type \(s.name); compare one of its properties", at: e.offset)
        default:
            return
        }
    }

    private func date(_ text: String, at offset: Int) throws(VigilError) -> DateTimeOffset {
        var candidate = text
        if candidate.utf8.count == 10 { candidate += "T00:00:00Z" }
        guard let d = DateTimeOffset(candidate) else {
            throw error("'\(text)' is not a date-time (expected ISO 8601 such as 2024-01-31T00:00:00Z)", at: offset)
        }
        return d
    }

    private func member(_ literal: String, of e: EnumSchema, at offset: Int) throws(VigilError) -> String {
        // A qualified literal carries its type after a NUL (see bindLiteral).
        var text = literal
        if let nul = literal.firstIndex(of: "\u{0}") {
            text = String(literal[..<nul])
            let type = literal[literal.index(after: nul)...]
            if !type.lowercased().hasSuffix(e.name.lowercased()) {
                throw error("the enum literal of type '\(type)' cannot be compared with \(e.name)", at: offset)
            }
        }
        guard let canonical = e.canonicalName(text) else {
            let names = e.members.map(\.name).joined(separator: ", ")
            throw error("'\(text)' is not a member of \(e.name) (members: \(names))", at: offset)
        }
        return canonical
    }

    private func describe(_ e: ODataExpression, _ t: ValueType) -> String {
        switch e {
        case .literal(let l, _):
            if case .literalString(let s) = t, s.contains("\u{0}") { return "the enum literal \(l)" }
            switch l {
            case .integer, .decimal: return "the number \(l)"
            case .string: return "the string \(l)"
            default: return "\(l)"
            }
        case .path(let p): return "\(p) (\(t.name))"
        default: return "an expression of type \(t.name)"
        }
    }

    private func condition(_ bound: BoundExpression, _ type: ValueType, at e: ODataExpression) throws(VigilError)
        -> BoundExpression
    {
        guard case .boolean = type else {
            throw error("expected a Boolean condition but '\(e)' is of type \(type.name)", at: e.offset)
        }
        switch bound {
        case .property, .constant: return .isTrue(bound)
        default: return bound
        }
    }

    private func error(_ message: String, at offset: Int) -> VigilError {
        VigilError(.badRequest, "Invalid \(option): \(message) at position \(offset).", target: option)
    }
}
