import VigilCore

/// SQL text with its bind values, in one dialect (`SQLFragment` for SQLite, `PostgresFragment`).
protocol SQLPiece: Sendable {
    init(_ sql: String)
    static func + (lhs: Self, rhs: Self) -> Self
}

extension SQLPiece {
    /// `(a SEP b SEP …)`.
    static func group(_ parts: [Self], _ separator: String) -> Self {
        var out = Self("(")
        for (i, part) in parts.enumerated() {
            if i > 0 { out = out + Self(separator) }
            out = out + part
        }
        return out + Self(")")
    }
}

/// What differs between SQL dialects when a validated `$filter` over alerts is rendered: their Boolean
/// words, null-safe comparisons, string functions, lambdas over JSON arrays and how values are read. The
/// shape of a filter — `and`, `or`, `not`, comparisons with the null rules of the in-memory evaluator,
/// `in` lists, Boolean operands — is rendered once, by `condition`.
protocol AlertFilterDialect: Sendable {
    associatedtype Piece: SQLPiece
    /// The Boolean literals.
    var trueSQL: String { get }
    var falseSQL: String { get }
    /// The operators that treat two nulls as equal.
    var nullSafeEqual: String { get }
    var nullSafeNotEqual: String { get }
    /// `x` is true (not false, not null).
    func isTrue(_ x: Piece) -> Piece
    /// `x` is not true (false or null): OData's `not`, where null counts as false.
    func isNotTrue(_ x: Piece) -> Piece
    /// A value for a comparison of `kind`; `ordering` selects an enum's rank over its name.
    func operand(_ e: BoundExpression, _ kind: ComparisonKind, ordering: Bool) -> Piece
    /// One bound value.
    func bound(_ literal: SQLLiteral) -> Piece
    /// `contains`, `startswith`, `endswith` of two string operands.
    func stringFunction(_ function: ODataFunction, _ a: Piece, _ b: Piece) -> Piece
    /// `any`/`all` over a collection (`body` nil: the collection is not empty).
    func lambda(_ kind: LambdaKind, collection: BoundPath, slot: Int, body: BoundExpression?) -> Piece
}

extension AlertFilterDialect {
    /// Renders a Boolean expression.
    func condition(_ e: BoundExpression) -> Piece {
        switch e {
        case .and(let items):
            return .group(items.map(condition), " AND ")
        case .or(let items):
            return .group(items.map(condition), " OR ")
        case .not(let inner):
            return isNotTrue(condition(inner))
        case .isTrue(let inner):
            if case .constant(.bool(let b)) = inner { return Piece(b ? trueSQL : falseSQL) }
            return isTrue(operand(inner, .boolean, ordering: false))
        case .comparison(let op, let lhs, let rhs, let kind):
            return comparison(op, lhs, rhs, kind)
        case .in(let lhs, let values, let kind):
            let l = operand(lhs, kind, ordering: false)
            let nonNull = values.filter { if case .null = $0 { false } else { true } }
            var parts: [Piece] = []
            if !nonNull.isEmpty {
                parts.append(Piece("(") + l + Piece(" IN ") + .group(nonNull.map { constant($0, kind, ordering: false) }, ", ")
                             + Piece(")"))
            }
            if nonNull.count != values.count { parts.append(Piece("(") + l + Piece(" IS NULL)")) }
            return parts.isEmpty ? Piece(falseSQL) : .group(parts, " OR ")
        case .function(let function, let args):
            guard function != .tolower, function != .toupper else {
                return Piece(falseSQL)  // not Boolean; the binder never puts these here
            }
            return stringFunction(function, operand(args[0], .string, ordering: false), operand(args[1], .string, ordering: false))
        case .lambda(let kind, let collection, let slot, let body):
            return lambda(kind, collection: collection, slot: slot, body: body)
        case .constant, .property:
            return isTrue(operand(e, .boolean, ordering: false))
        }
    }

    /// A comparison with the evaluator's null rules: against the null literal it is `IS [NOT] NULL`; `eq`
    /// with a constant uses `=` (an index can serve it), between two operands the null-safe operator;
    /// `ne` is null-safe.
    func comparison(_ op: ComparisonOperator, _ lhs: BoundExpression, _ rhs: BoundExpression, _ kind: ComparisonKind) -> Piece {
        let ordering = op != .eq && op != .ne
        if case .null = kind {
            let other: BoundExpression
            if case .constant(.null) = lhs { other = rhs } else { other = lhs }
            if case .constant(.null) = other { return Piece(op == .eq ? trueSQL : falseSQL) }
            return Piece("(") + operand(other, kind, ordering: false) + Piece(op == .eq ? " IS NULL)" : " IS NOT NULL)")
        }
        let l = operand(lhs, kind, ordering: ordering)
        let r = operand(rhs, kind, ordering: ordering)
        let sqlOperator: String
        switch op {
        case .eq: sqlOperator = Self.isConstant(lhs) || Self.isConstant(rhs) ? " = " : nullSafeEqual
        case .ne: sqlOperator = nullSafeNotEqual
        case .gt: sqlOperator = " > "
        case .ge: sqlOperator = " >= "
        case .lt: sqlOperator = " < "
        case .le: sqlOperator = " <= "
        }
        return Piece("(") + l + Piece(sqlOperator) + r + Piece(")")
    }

    /// A literal, bound: dates as the sortable UTC text the columns hold, enum members by lowercased name
    /// (or by rank when ordering).
    func constant(_ v: ODataValue, _ kind: ComparisonKind, ordering: Bool) -> Piece {
        switch v {
        case .null, .object, .collection: return Piece("NULL")
        case .bool(let b): return bound(.bool(b))
        case .int(let i): return bound(.int(i))
        case .double(let d): return bound(.double(d))
        case .string(let s): return bound(.text(s))
        case .date(let d): return bound(.text(AlertRecord.sortableDate(d)))
        case .enumMember(let m):
            if ordering, case .enumeration(let schema) = kind { return bound(.int(Int64(schema.rank(of: m)))) }
            return bound(.text(AlertRecord.enumKey(m)))
        }
    }

    /// The indexed column that holds a top-level (or `vendorInformation`) path, if any: `severity` and
    /// `status` by name, or by rank when ordering.
    func indexedColumn(_ path: BoundPath, ordering: Bool, table: String) -> String? {
        guard case .entity = path.root, !path.isCollection else { return nil }
        let key = path.fields.map(\.name).joined(separator: "/")
        switch key {
        case "severity": return ordering ? "\(table).severity_rank" : "\(table).severity"
        case "status": return ordering ? "\(table).status_rank" : "\(table).status"
        default: return alertColumns[key].map { "\(table).\($0)" }
        }
    }

    static func isConstant(_ e: BoundExpression) -> Bool {
        if case .constant(let v) = e, !v.isNullLiteral { return true }
        return false
    }
}

/// A value to bind, in either dialect.
enum SQLLiteral: Sendable {
    case bool(Bool), int(Int64), double(Double), text(String)
}

/// Indexed alert columns by property path (both dialects' alert tables have them).
let alertColumns: [String: String] = [
    "id": "id", "category": "category", "assignedTo": "assigned_to", "createdDateTime": "created_at",
    "eventDateTime": "event_at", "lastModifiedDateTime": "last_modified_at",
    "vendorInformation/provider": "provider", "vendorInformation/vendor": "vendor",
]

extension ODataValue {
    var isNullLiteral: Bool {
        if case .null = self { true } else { false }
    }
}
