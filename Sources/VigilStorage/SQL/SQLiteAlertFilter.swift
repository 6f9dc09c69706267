import GRDB
import VigilCore

/// A piece of SQL with its bind arguments, in order.
public struct SQLFragment: Sendable {
    public var sql: String
    public var arguments: [DatabaseValue]

    public init(_ sql: String, _ arguments: [DatabaseValue] = []) {
        self.sql = sql
        self.arguments = arguments
    }

    static func + (lhs: SQLFragment, rhs: SQLFragment) -> SQLFragment {
        SQLFragment(lhs.sql + rhs.sql, lhs.arguments + rhs.arguments)
    }
}

/// Renders a validated `$filter` (and `$orderby` keys) over alerts to SQLite SQL with bind parameters.
///
/// User input never becomes SQL text: literals, JSON paths and enum members are all bound. Indexed
/// properties use their columns (`severity`, `status`, `category`, `assignedTo`, the three main dates,
/// `vendorInformation/provider`); every other path reads the alert JSON (`json_extract`), and lambdas
/// iterate it (`json_each`). The result selects exactly the alerts the in-memory evaluator does:
/// `NULL` behaves as false, `not` is `IS NOT 1`, `ne` is null-safe, enum members compare by their
/// lowercased name and order by value, dates compare as UTC text with nine fractional digits, and
/// `tolower`/`toupper` use the same Unicode case mapping as Swift (`vigil_lower`, `vigil_upper`).
public struct SQLiteAlertFilter: Sendable {
    /// The alias of the alert table in rendered SQL.
    public static let table = "a"

    public init() {}

    // MARK: - Conditions

    /// Renders a Boolean expression.
    public func condition(_ e: BoundExpression) -> SQLFragment {
        switch e {
        case .and(let items):
            return join(items.map(condition), " AND ")
        case .or(let items):
            return join(items.map(condition), " OR ")
        case .not(let inner):
            return SQLFragment("((") + condition(inner) + SQLFragment(") IS NOT 1)")
        case .isTrue(let inner):
            if case .constant(.bool(let b)) = inner { return SQLFragment(b ? "1" : "0") }
            return SQLFragment("(") + operand(inner, .boolean, ordering: false) + SQLFragment(" = 1)")
        case .comparison(let op, let lhs, let rhs, let kind):
            return comparison(op, lhs, rhs, kind)
        case .in(let lhs, let values, let kind):
            let l = operand(lhs, kind, ordering: false)
            let nonNull = values.filter { if case .null = $0 { return false } else { return true } }
            let hasNull = nonNull.count != values.count
            var parts: [SQLFragment] = []
            if !nonNull.isEmpty {
                let items = nonNull.map { constant($0, kind, ordering: false) }
                let placeholders = items.map(\.sql).joined(separator: ", ")
                parts.append(SQLFragment("(") + l + SQLFragment(" IN (\(placeholders)))", items.flatMap(\.arguments)))
            }
            if hasNull { parts.append(SQLFragment("(") + l + SQLFragment(" IS NULL)")) }
            return parts.isEmpty ? SQLFragment("0") : join(parts, " OR ")
        case .function(let function, let args):
            let a = operand(args[0], .string, ordering: false)
            let b = operand(args[1], .string, ordering: false)
            switch function {
            case .contains:
                return SQLFragment("(instr(") + a + SQLFragment(", ") + b + SQLFragment(") > 0)")
            case .startswith:
                return SQLFragment("(substr(") + a + SQLFragment(", 1, length(") + b + SQLFragment(")) = ") + b
                    + SQLFragment(")")
            case .endswith:
                return SQLFragment("(CASE WHEN length(") + b + SQLFragment(") = 0 THEN ") + a
                    + SQLFragment(" IS NOT NULL ELSE substr(") + a + SQLFragment(", -length(") + b
                    + SQLFragment(")) = ") + b + SQLFragment(" END)")
            case .tolower, .toupper:
                return SQLFragment("0")  // not Boolean; the binder never puts these here
            }
        case .lambda(let kind, let collection, let slot, let body):
            let (base, path) = jsonLocation(collection)
            let isArray = SQLFragment("(json_type(") + base + SQLFragment(", ?) = 'array')", [path])
            guard let body else {
                return SQLFragment("(json_array_length(") + base + SQLFragment(", ?) > 0)", [path])
            }
            let each = SQLFragment("SELECT 1 FROM json_each(") + base
                + SQLFragment(", ?) AS j\(slot) WHERE ", [path])
            switch kind {
            case .any:
                return SQLFragment("(") + isArray + SQLFragment(" AND EXISTS (") + each + SQLFragment("(")
                    + condition(body) + SQLFragment(")))")
            case .all:
                return SQLFragment("(") + isArray + SQLFragment(" IS NOT 1 OR NOT EXISTS (") + each
                    + SQLFragment("((") + condition(body) + SQLFragment(") IS NOT 1)))")
            }
        case .constant, .property:
            return SQLFragment("(") + operand(e, .boolean, ordering: false) + SQLFragment(" = 1)")
        }
    }

    private func comparison(_ op: ComparisonOperator, _ lhs: BoundExpression, _ rhs: BoundExpression,
                            _ kind: ComparisonKind) -> SQLFragment
    {
        let ordering = op != .eq && op != .ne
        if case .null = kind {
            // One side is the null literal.
            let other: BoundExpression
            if case .constant(.null) = lhs { other = rhs } else { other = lhs }
            if case .constant(.null) = other { return SQLFragment(op == .eq ? "1" : "0") }
            let o = operand(other, kind, ordering: false)
            return SQLFragment("(") + o + SQLFragment(op == .eq ? " IS NULL)" : " IS NOT NULL)")
        }
        let l = operand(lhs, kind, ordering: ordering)
        let r = operand(rhs, kind, ordering: ordering)
        let sqlOperator: String
        switch op {
        case .eq:
            // `=` lets an index serve a constant; `IS` keeps null = null true between two properties.
            sqlOperator = isConstant(lhs) || isConstant(rhs) ? " = " : " IS "
        case .ne: sqlOperator = " IS NOT "
        case .gt: sqlOperator = " > "
        case .ge: sqlOperator = " >= "
        case .lt: sqlOperator = " < "
        case .le: sqlOperator = " <= "
        }
        return SQLFragment("(") + l + SQLFragment(sqlOperator) + r + SQLFragment(")")
    }

    private func isConstant(_ e: BoundExpression) -> Bool {
        if case .constant(let v) = e, !isNull(v) { return true }
        return false
    }

    private func isNull(_ v: ODataValue) -> Bool {
        if case .null = v { return true }
        return false
    }

    // MARK: - Operands

    /// Renders a value for a comparison of the given kind; `ordering` selects the enum rank over its name.
    func operand(_ e: BoundExpression, _ kind: ComparisonKind, ordering: Bool) -> SQLFragment {
        switch e {
        case .constant(let v):
            return constant(v, kind, ordering: ordering)
        case .property(let path):
            return property(path, ordering: ordering)
        case .function(.tolower, let args):
            return SQLFragment("vigil_lower(") + operand(args[0], .string, ordering: false) + SQLFragment(")")
        case .function(.toupper, let args):
            return SQLFragment("vigil_upper(") + operand(args[0], .string, ordering: false) + SQLFragment(")")
        default:
            return SQLFragment("(CASE WHEN ") + condition(e) + SQLFragment(" THEN 1 ELSE 0 END)")
        }
    }

    func constant(_ v: ODataValue, _ kind: ComparisonKind, ordering: Bool) -> SQLFragment {
        switch v {
        case .null: return SQLFragment("NULL")
        case .bool(let b): return SQLFragment("?", [(b ? 1 : 0).databaseValue])
        case .int(let i): return SQLFragment("?", [i.databaseValue])
        case .double(let d): return SQLFragment("?", [d.databaseValue])
        case .string(let s): return SQLFragment("?", [s.databaseValue])
        case .date(let d): return SQLFragment("?", [AlertRecord.sortableDate(d).databaseValue])
        case .enumMember(let m):
            if ordering, case .enumeration(let schema) = kind {
                return SQLFragment("?", [schema.rank(of: m).databaseValue])
            }
            return SQLFragment("?", [AlertRecord.enumKey(m).databaseValue])
        case .object, .collection:
            return SQLFragment("NULL")
        }
    }

    /// Indexed columns for top-level (and vendorInformation) paths.
    private static let columns: [String: String] = [
        "id": "id", "category": "category", "assignedTo": "assigned_to", "createdDateTime": "created_at",
        "eventDateTime": "event_at", "lastModifiedDateTime": "last_modified_at",
        "vendorInformation/provider": "provider", "vendorInformation/vendor": "vendor",
    ]

    func property(_ path: BoundPath, ordering: Bool) -> SQLFragment {
        let t = Self.table
        if case .entity = path.root, !path.isCollection {
            let key = path.fields.map(\.name).joined(separator: "/")
            switch key {
            case "severity": return SQLFragment(ordering ? "\(t).severity_rank" : "\(t).severity")
            case "status": return SQLFragment(ordering ? "\(t).status_rank" : "\(t).status")
            default:
                if let column = Self.columns[key] { return SQLFragment("\(t).\(column)") }
            }
        }
        let (base, jsonPath) = jsonLocation(path)
        let value: SQLFragment
        if case .variable = path.root, path.fields.isEmpty {
            value = base
        } else {
            value = SQLFragment("json_extract(") + base + SQLFragment(", ?)", [jsonPath])
        }
        switch path.type {
        case .dateTimeOffset:
            return SQLFragment("vigil_date(") + value + SQLFragment(")")
        case .enumeration(let schema):
            let lowered = SQLFragment("lower(") + value + SQLFragment(")")
            guard ordering else { return lowered }
            // The rank the record mapping stores for indexed enums: member value, unknown members as
            // unknownFutureValue, null stays null.
            var sql = SQLFragment("(CASE WHEN ") + value + SQLFragment(" IS NULL THEN NULL")
            for member in schema.members {
                sql = sql + SQLFragment(" WHEN ") + lowered + SQLFragment(" = ? THEN ?",
                    [AlertRecord.enumKey(member.name).databaseValue, member.value.databaseValue])
            }
            return sql + SQLFragment(" ELSE ? END)", [schema.rank(of: "\u{0}").databaseValue])
        default:
            return value
        }
    }

    /// The JSON document a path reads from and the JSON path inside it (bound, never spliced).
    private func jsonLocation(_ path: BoundPath) -> (SQLFragment, DatabaseValue) {
        let base: SQLFragment
        switch path.root {
        case .entity: base = SQLFragment("\(Self.table).body")
        case .variable(let slot, _): base = SQLFragment("j\(slot).value")
        }
        var jsonPath = "$"
        for field in path.fields { jsonPath += ".\"" + field.name + "\"" }
        return (base, jsonPath.databaseValue)
    }

    private func join(_ parts: [SQLFragment], _ separator: String) -> SQLFragment {
        var sql = "("
        var arguments: [DatabaseValue] = []
        for (i, part) in parts.enumerated() {
            if i > 0 { sql += separator }
            sql += part.sql
            arguments += part.arguments
        }
        return SQLFragment(sql + ")", arguments)
    }

    // MARK: - Ordering

    /// The SQL expression of a sort key.
    public func sortKey(_ item: OrderByItem) -> SQLFragment {
        property(item.path, ordering: true)
    }
}
