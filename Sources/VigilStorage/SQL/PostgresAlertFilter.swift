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
struct PostgresAlertFilter: Sendable {
    /// The alias of the alert table in rendered SQL.
    static let table = "a"

    /// The SQL type a sort key is read and bound as (cursor values travel as text).
    enum KeyType: String, Sendable {
        case text, bigint, numeric, boolean
    }

    // MARK: - Conditions

    /// Renders a Boolean expression.
    func condition(_ e: BoundExpression) -> PostgresFragment {
        switch e {
        case .and(let items):
            return .join(items.map(condition), " AND ")
        case .or(let items):
            return .join(items.map(condition), " OR ")
        case .not(let inner):
            return PostgresFragment("((") + condition(inner) + PostgresFragment(") IS NOT TRUE)")
        case .isTrue(let inner):
            if case .constant(.bool(let b)) = inner { return PostgresFragment(b ? "TRUE" : "FALSE") }
            return PostgresFragment("((") + operand(inner, .boolean, ordering: false) + PostgresFragment(") IS TRUE)")
        case .comparison(let op, let lhs, let rhs, let kind):
            return comparison(op, lhs, rhs, kind)
        case .in(let lhs, let values, let kind):
            let l = operand(lhs, kind, ordering: false)
            let nonNull = values.filter { if case .null = $0 { return false } else { return true } }
            var parts: [PostgresFragment] = []
            if !nonNull.isEmpty {
                parts.append(PostgresFragment("(") + l + PostgresFragment(" IN ")
                             + .join(nonNull.map { constant($0, kind, ordering: false) }, ", ") + PostgresFragment(")"))
            }
            if nonNull.count != values.count { parts.append(PostgresFragment("(") + l + PostgresFragment(" IS NULL)")) }
            return parts.isEmpty ? PostgresFragment("FALSE") : .join(parts, " OR ")
        case .function(let function, let args):
            let a = operand(args[0], .string, ordering: false)
            let b = operand(args[1], .string, ordering: false)
            switch function {
            case .contains:
                return PostgresFragment("(strpos(") + a + PostgresFragment(", ") + b + PostgresFragment(") > 0)")
            case .startswith:
                return PostgresFragment("(left(") + a + PostgresFragment(", length(") + b + PostgresFragment(")) = ") + b
                    + PostgresFragment(")")
            case .endswith:
                return PostgresFragment("(right(") + a + PostgresFragment(", length(") + b + PostgresFragment(")) = ") + b
                    + PostgresFragment(")")
            case .tolower, .toupper:
                return PostgresFragment("FALSE")  // not Boolean; the binder never puts these here
            }
        case .lambda(let kind, let collection, let slot, let body):
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
        case .constant, .property:
            return PostgresFragment("((") + operand(e, .boolean, ordering: false) + PostgresFragment(") IS TRUE)")
        }
    }

    private func comparison(_ op: ComparisonOperator, _ lhs: BoundExpression, _ rhs: BoundExpression,
                            _ kind: ComparisonKind) -> PostgresFragment
    {
        let ordering = op != .eq && op != .ne
        if case .null = kind {
            let other: BoundExpression
            if case .constant(.null) = lhs { other = rhs } else { other = lhs }
            if case .constant(.null) = other { return PostgresFragment(op == .eq ? "TRUE" : "FALSE") }
            let o = operand(other, kind, ordering: false)
            return PostgresFragment("(") + o + PostgresFragment(op == .eq ? " IS NULL)" : " IS NOT NULL)")
        }
        let l = operand(lhs, kind, ordering: ordering)
        let r = operand(rhs, kind, ordering: ordering)
        let sqlOperator: String
        switch op {
        case .eq: sqlOperator = isConstant(lhs) || isConstant(rhs) ? " = " : " IS NOT DISTINCT FROM "
        case .ne: sqlOperator = " IS DISTINCT FROM "
        case .gt: sqlOperator = " > "
        case .ge: sqlOperator = " >= "
        case .lt: sqlOperator = " < "
        case .le: sqlOperator = " <= "
        }
        return PostgresFragment("(") + l + PostgresFragment(sqlOperator) + r + PostgresFragment(")")
    }

    private func isConstant(_ e: BoundExpression) -> Bool {
        if case .constant(let v) = e {
            if case .null = v { return false }
            return true
        }
        return false
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

    func constant(_ v: ODataValue, _ kind: ComparisonKind, ordering: Bool) -> PostgresFragment {
        switch v {
        case .null: return PostgresFragment("NULL")
        case .bool(let b): return .bind(.bool(b))
        case .int(let i): return .bind(.int(i))
        case .double(let d): return .bind(.double(d))
        case .string(let s): return .bind(.text(s))
        case .date(let d): return .bind(.text(AlertRecord.sortableDate(d)))
        case .enumMember(let m):
            if ordering, case .enumeration(let schema) = kind {
                return .bind(.int(Int64(schema.rank(of: m))))
            }
            return .bind(.text(AlertRecord.enumKey(m)))
        case .object, .collection:
            return PostgresFragment("NULL")
        }
    }

    /// Indexed columns for top-level (and vendorInformation) paths.
    private static let columns: [String: String] = [
        "id": "id", "category": "category", "assignedTo": "assigned_to", "createdDateTime": "created_at",
        "eventDateTime": "event_at", "lastModifiedDateTime": "last_modified_at",
        "vendorInformation/provider": "provider", "vendorInformation/vendor": "vendor",
    ]

    func property(_ path: BoundPath, ordering: Bool) -> PostgresFragment {
        let t = Self.table
        if case .entity = path.root, !path.isCollection {
            let key = path.fields.map(\.name).joined(separator: "/")
            switch key {
            case "severity": return PostgresFragment(ordering ? "\(t).severity_rank" : "\(t).severity")
            case "status": return PostgresFragment(ordering ? "\(t).status_rank" : "\(t).status")
            default:
                if let column = Self.columns[key] { return PostgresFragment("\(t).\(column)") }
            }
        }
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
            if Self.columns[key] != nil { return .text }
        }
        switch path.type {
        case .enumeration: return .bigint
        case .int32, .int64, .double: return .numeric
        case .boolean: return .boolean
        default: return .text
        }
    }
}
