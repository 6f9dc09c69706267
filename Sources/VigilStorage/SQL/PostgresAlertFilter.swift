import VigilCore

/// Renders a validated `$filter` (and `$orderby` keys) over alerts to PostgreSQL with bind parameters.
///
/// User input never becomes SQL text: literals, JSON paths (as `text[]`) and enum members are all bound.
/// Indexed properties use their columns; every other path reads the `doc` jsonb (`#>`), and lambdas iterate
/// it (`jsonb_array_elements`). The result selects exactly what the in-memory evaluator does: a JSON value
/// counts only when it has its declared type (`vigil_json_text`, …), NULL behaves as false (`not` is
/// `IS NOT TRUE`), `ne` is `IS DISTINCT FROM`, enum members compare by their ASCII-lowercased name and order
/// by value (`vigil_enum_rank`), dates compare as UTC text with nine fractional digits (`vigil_date`), strings
/// compare in code point order (`COLLATE "C"`), and `tolower`/`toupper` use Swift's Unicode case mapping
/// (`vigil_lower`, `vigil_upper`). The functions are created by the `v6` migration.
struct PostgresAlertFilter: AlertFilterDialect {
    /// The alias of the alert table in rendered SQL.
    static let table = "a"

    /// The SQL type a sort key is read and bound as (cursor values travel as text).
    enum KeyType: String, Sendable {
        case text, bigint, numeric, boolean
    }

    // MARK: - Dialect

    var trueSQL: String { "TRUE" }
    var falseSQL: String { "FALSE" }
    var nullSafeEqual: String { " IS NOT DISTINCT FROM " }
    var nullSafeNotEqual: String { " IS DISTINCT FROM " }

    func isTrue(_ x: PostgresFragment) -> PostgresFragment { PostgresFragment("((") + x + PostgresFragment(") IS TRUE)") }

    func isNotTrue(_ x: PostgresFragment) -> PostgresFragment { PostgresFragment("((") + x + PostgresFragment(") IS NOT TRUE)") }

    func stringFunction(_ function: ODataFunction, _ a: PostgresFragment, _ b: PostgresFragment) -> PostgresFragment {
        switch function {
        case .startswith:
            return PostgresFragment("(left(") + a + PostgresFragment(", length(") + b + PostgresFragment(")) = ") + b
                + PostgresFragment(")")
        case .endswith:
            return PostgresFragment("(right(") + a + PostgresFragment(", length(") + b + PostgresFragment(")) = ") + b
                + PostgresFragment(")")
        default:
            return PostgresFragment("(strpos(") + a + PostgresFragment(", ") + b + PostgresFragment(") > 0)")
        }
    }

    func lambda(_ kind: LambdaKind, collection: BoundPath, slot: Int, body: BoundExpression?) -> PostgresFragment {
        let array = jsonValue(collection)
        guard let body else {
            return PostgresFragment("(jsonb_array_length(vigil_json_elements(") + array + PostgresFragment(")) > 0)")
        }
        let each = PostgresFragment("SELECT 1 FROM jsonb_array_elements(vigil_json_elements(") + array
            + PostgresFragment(")) AS j\(slot)(value) WHERE ")
        switch kind {
        case .any:
            return PostgresFragment("(EXISTS (") + each + PostgresFragment("((") + condition(body)
                + PostgresFragment(") IS TRUE)))")
        case .all:
            return PostgresFragment("(NOT EXISTS (") + each + PostgresFragment("((") + condition(body)
                + PostgresFragment(") IS NOT TRUE)))")
        }
    }

    // MARK: - Operands

    /// Renders a value for a comparison of the given kind; `ordering` selects the enum rank over its name.
    func operand(_ e: BoundExpression, _ kind: ComparisonKind, ordering: Bool) -> PostgresFragment {
        switch e {
        case .constant(let v):
            return constant(v, kind, ordering: ordering)
        case .property(let path):
            return property(path, ordering: ordering)
        case .function(.tolower, let args):
            return PostgresFragment("(vigil_lower(") + operand(args[0], .string, ordering: false)
                + PostgresFragment(") COLLATE \"C\")")
        case .function(.toupper, let args):
            return PostgresFragment("(vigil_upper(") + operand(args[0], .string, ordering: false)
                + PostgresFragment(") COLLATE \"C\")")
        default:
            return PostgresFragment("(CASE WHEN ") + condition(e) + PostgresFragment(" THEN TRUE ELSE FALSE END)")
        }
    }

    func bound(_ literal: SQLLiteral) -> PostgresFragment {
        switch literal {
        case .bool(let b): .bind(.bool(b))
        case .int(let i): .bind(.int(i))
        case .double(let d): .bind(.double(d))
        case .text(let s): .bind(.text(s))
        }
    }

    func property(_ path: BoundPath, ordering: Bool) -> PostgresFragment {
        if let column = indexedColumn(path, ordering: ordering, table: Self.table) { return PostgresFragment(column) }
        let value = jsonValue(path)
        if path.isCollection {
            return PostgresFragment("vigil_json_value(") + value + PostgresFragment(")")
        }
        switch path.type {
        case .string:
            return PostgresFragment("(vigil_json_text(") + value + PostgresFragment(") COLLATE \"C\")")
        case .int32, .int64, .double:
            return PostgresFragment("vigil_json_number(") + value + PostgresFragment(")")
        case .boolean:
            return PostgresFragment("vigil_json_bool(") + value + PostgresFragment(")")
        case .dateTimeOffset:
            return PostgresFragment("(vigil_date(vigil_json_text(") + value + PostgresFragment(")) COLLATE \"C\")")
        case .enumeration(let schema):
            let lowered = PostgresFragment("(vigil_ascii_lower(vigil_json_text(") + value + PostgresFragment(")) COLLATE \"C\")")
            guard ordering else { return lowered }
            // The rank the record mapping stores for indexed enums: member value, unknown members as
            // unknownFutureValue, null stays null.
            return PostgresFragment("vigil_enum_rank(") + lowered + PostgresFragment(", ")
                + .bind(.textArray(schema.members.map { AlertRecord.enumKey($0.name) }), cast: "text[]")
                + PostgresFragment(", ") + .bind(.intArray(schema.members.map { Int64($0.value) }), cast: "bigint[]")
                + PostgresFragment(", ") + .bind(.int(Int64(schema.rank(of: "\u{0}")))) + PostgresFragment(")")
        case .complex:
            return PostgresFragment("vigil_json_object(") + value + PostgresFragment(")")
        case .untyped:
            return PostgresFragment("vigil_json_value(") + value + PostgresFragment(")")
        }
    }

    /// The jsonb a path reaches: the alert document or a lambda variable, followed by the bound field path.
    private func jsonValue(_ path: BoundPath) -> PostgresFragment {
        let base: PostgresFragment
        switch path.root {
        case .entity: base = PostgresFragment("\(Self.table).doc")
        case .variable(let slot, _): base = PostgresFragment("j\(slot).value")
        }
        if path.fields.isEmpty { return base }
        return PostgresFragment("(") + base + PostgresFragment(" #> ")
            + .bind(.textArray(path.fields.map(\.name)), cast: "text[]") + PostgresFragment(")")
    }

    // MARK: - Ordering

    /// The SQL expression of a sort key.
    func sortKey(_ item: OrderByItem) -> PostgresFragment {
        property(item.path, ordering: true)
    }

    /// The type a sort key's values have.
    func keyType(_ item: OrderByItem) -> KeyType {
        let path = item.path
        if case .entity = path.root, !path.isCollection {
            let key = path.fields.map(\.name).joined(separator: "/")
            if key == "severity" || key == "status" { return .bigint }
            if alertColumns[key] != nil { return .text }
        }
        switch path.type {
        case .enumeration: return .bigint
        case .int32, .int64, .double: return .numeric
        case .boolean: return .boolean
        default: return .text
        }
    }
}
