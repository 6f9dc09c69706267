import PostgresNIO

/// A bind value of a PostgreSQL statement.
enum PostgresValue: Sendable {
    case null
    case text(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case textArray([String])
    case intArray([Int64])
}

/// A piece of PostgreSQL with its bind values in order. Placeholders are written as `PostgresFragment.slot`
/// while fragments are composed and numbered (`$1`, `$2`, …) once, by `query`.
struct PostgresFragment: SQLPiece {
    /// The placeholder mark (a private-use character that never occurs in the SQL Vigil writes).
    static let slot: Character = "\u{E000}"

    var sql: String
    var binds: [PostgresValue]

    init(_ sql: String) {
        self.init(sql, [])
    }

    init(_ sql: String, _ binds: [PostgresValue]) {
        self.sql = sql
        self.binds = binds
    }

    /// One bound value.
    static func bind(_ value: PostgresValue) -> PostgresFragment {
        PostgresFragment(String(slot), [value])
    }

    /// One bound value with an explicit type, e.g. `::numeric`.
    static func bind(_ value: PostgresValue, cast: String) -> PostgresFragment {
        PostgresFragment("(" + String(slot) + "::" + cast + ")", [value])
    }

    static func + (lhs: PostgresFragment, rhs: PostgresFragment) -> PostgresFragment {
        PostgresFragment(lhs.sql + rhs.sql, lhs.binds + rhs.binds)
    }

    static func += (lhs: inout PostgresFragment, rhs: PostgresFragment) {
        lhs.sql += rhs.sql
        lhs.binds += rhs.binds
    }

    /// Joins fragments with a separator, in parentheses.
    static func join(_ parts: [PostgresFragment], _ separator: String) -> PostgresFragment {
        var out = PostgresFragment("(")
        for (i, part) in parts.enumerated() {
            if i > 0 { out.sql += separator }
            out += part
        }
        out.sql += ")"
        return out
    }

    /// The statement with numbered placeholders and its bindings.
    var query: PostgresQuery {
        var text = ""
        text.reserveCapacity(sql.utf8.count + binds.count * 3)
        var n = 0
        for c in sql {
            if c == Self.slot {
                n += 1
                text += "$\(n)"
            } else {
                text.append(c)
            }
        }
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .text(let s): bindings.append(s)
            case .int(let i): bindings.append(i)
            case .double(let d): bindings.append(d)
            case .bool(let b): bindings.append(b)
            case .textArray(let a): bindings.append(a)
            case .intArray(let a): bindings.append(a)
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: bindings)
    }
}
