/// A literal in a `$filter` expression.
public enum ODataLiteral: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case decimal(Double)
    case string(String)
    case dateTimeOffset(DateTimeOffset)
    /// A qualified enum literal, `microsoft.graph.alertSeverity'high'`.
    case enumMember(type: String, member: String)

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .decimal(let d): String(d)
        case .string(let s): "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
        case .dateTimeOffset(let d): d.iso8601
        case .enumMember(let t, let m): "\(t)'\(m)'"
        }
    }
}

/// The comparison operators.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case eq, ne, gt, ge, lt, le
}

/// `any` or `all`.
public enum LambdaKind: String, Sendable {
    case any, all
}

/// A property path as written: `vendorInformation/provider`, or `u/userPrincipalName` inside a lambda
/// whose variable is `u`.
public struct PropertyPath: Sendable, Equatable, CustomStringConvertible {
    /// The segments, in order.
    public var segments: [String]
    /// Byte offset of each segment.
    public var offsets: [Int]

    public var description: String { segments.joined(separator: "/") }
}

/// The syntax tree of a `$filter` expression, before it is checked against an entity schema.
///
/// `and` and `or` are n-ary so long chains stay flat. `description` renders a canonical prefix form used
/// by tests: `(and (eq severity 'high') (any userStates u (eq u/userPrincipalName 'x')))`.
public indirect enum ODataExpression: Sendable, Equatable, CustomStringConvertible {
    case literal(ODataLiteral, offset: Int)
    case path(PropertyPath)
    case comparison(ComparisonOperator, ODataExpression, ODataExpression, offset: Int)
    case and([ODataExpression])
    case or([ODataExpression])
    case not(ODataExpression, offset: Int)
    case `in`(ODataExpression, [ODataExpression], offset: Int)
    /// A function call; `name` is lowercased (`startsWith` → `startswith`).
    case call(name: String, arguments: [ODataExpression], offset: Int)
    /// `collection/any(v: body)`; `variable` and `body` are `nil` for `collection/any()`.
    case lambda(LambdaKind, collection: PropertyPath, variable: String?, body: ODataExpression?, offset: Int)

    /// Byte offset where the expression starts.
    public var offset: Int {
        switch self {
        case .literal(_, let o), .comparison(_, _, _, let o), .not(_, let o), .in(_, _, let o),
             .call(_, _, let o), .lambda(_, _, _, _, let o):
            return o
        case .path(let p): return p.offsets.first ?? 0
        case .and(let items), .or(let items): return items.first?.offset ?? 0
        }
    }

    public var description: String {
        switch self {
        case .literal(let l, _): return l.description
        case .path(let p): return p.description
        case .comparison(let op, let l, let r, _): return "(\(op.rawValue) \(l) \(r))"
        case .and(let items): return "(and " + items.map(\.description).joined(separator: " ") + ")"
        case .or(let items): return "(or " + items.map(\.description).joined(separator: " ") + ")"
        case .not(let e, _): return "(not \(e))"
        case .in(let l, let items, _): return "(in \(l) " + items.map(\.description).joined(separator: " ") + ")"
        case .call(let name, let args, _): return "(\(name) " + args.map(\.description).joined(separator: " ") + ")"
        case .lambda(let kind, let coll, let v, let body, _):
            guard let v, let body else { return "(\(kind.rawValue) \(coll))" }
            return "(\(kind.rawValue) \(coll) \(v) \(body))"
        }
    }
}
