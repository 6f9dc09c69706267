import GRDB
import VigilCore

/// A piece of SQL with its bind arguments, in order.
public struct SQLFragment: SQLPiece {
    public var sql: String
    public var arguments: [DatabaseValue]

    init(_ sql: String) {
        self.init(sql, [])
    }

    public init(_ sql: String, _ arguments: [DatabaseValue]) {
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
public struct SQLiteAlertFilter: AlertFilterDialect {
    /// The alias of the alert table in rendered SQL.
    public static let table = "a"

    public init() {}

    // MARK: - Dialect

    var trueSQL: String { "1" }
    var falseSQL: String { "0" }
    var nullSafeEqual: String { " IS " }
    var nullSafeNotEqual: String { " IS NOT " }

    func isTrue(_ x: SQLFragment) -> SQLFragment { SQLFragment("(") + x + SQLFragment(" = 1)") }

    func isNotTrue(_ x: SQLFragment) -> SQLFragment { SQLFragment("((") + x + SQLFragment(") IS NOT 1)") }

    func stringFunction(_ function: ODataFunction, _ a: SQLFragment, _ b: SQLFragment) -> SQLFragment {
        switch function {
        case .startswith:
            return SQLFragment("(substr(") + a + SQLFragment(", 1, length(") + b + SQLFragment(")) = ") + b + SQLFragment(")")
        case .endswith:
            return SQLFragment("(CASE WHEN length(") + b + SQLFragment(") = 0 THEN ") + a
                + SQLFragment(" IS NOT NULL ELSE substr(") + a + SQLFragment(", -length(") + b
                + SQLFragment(")) = ") + b + SQLFragment(" END)")
        default:
            return SQLFragment("(instr(") + a + SQLFragment(", ") + b + SQLFragment(") > 0)")
        }
    }

    func lambda(_ kind: LambdaKind, collection: BoundPath, slot: Int, body: BoundExpression?) -> SQLFragment {
        let (base, path) = jsonLocation(collection)
        let isArray = SQLFragment("(json_type(") + base + SQLFragment(", ?) = 'array')", [path])
        guard let body else {
            return SQLFragment("(json_array_length(") + base + SQLFragment(", ?) > 0)", [path])
        }
        let each = SQLFragment("SELECT 1 FROM json_each(") + base + SQLFragment(", ?) AS j\(slot) WHERE ", [path])
        switch kind {
        case .any:
            return SQLFragment("(") + isArray + SQLFragment(" AND EXISTS (") + each + SQLFragment("(")
                + condition(body) + SQLFragment(")))")
        case .all:
            return SQLFragment("(") + isArray + SQLFragment(" IS NOT 1 OR NOT EXISTS (") + each
                + SQLFragment("((") + condition(body) + SQLFragment(") IS NOT 1)))")
        }
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

    func bound(_ literal: SQLLiteral) -> SQLFragment {
        switch literal {
        case .bool(let b): SQLFragment("?", [(b ? 1 : 0).databaseValue])
        case .int(let i): SQLFragment("?", [i.databaseValue])
        case .double(let d): SQLFragment("?", [d.databaseValue])
        case .text(let s): SQLFragment("?", [s.databaseValue])
        }
    }

    func property(_ path: BoundPath, ordering: Bool) -> SQLFragment {
        if let column = indexedColumn(path, ordering: ordering, table: Self.table) { return SQLFragment(column) }
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

    // MARK: - Ordering

    /// The SQL expression of a sort key.
    public func sortKey(_ item: OrderByItem) -> SQLFragment {
        property(item.path, ordering: true)
    }
}
