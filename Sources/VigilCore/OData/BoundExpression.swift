/// A property path resolved against an entity schema.
public struct BoundPath: Sendable, CustomStringConvertible {
    /// Where the path starts: the entity, or a lambda variable (by its slot).
    public enum Root: Sendable, Equatable {
        case entity
        case variable(slot: Int, name: String)
    }

    public let root: Root
    /// The fields followed, in order (empty for a bare lambda variable).
    public let fields: [AnyField]
    /// The type of the value reached (the element type for a collection).
    public let type: EdmType
    /// Whether the value reached is a collection.
    public let isCollection: Bool

    /// The wire names of the fields, joined with `/`.
    public var description: String {
        var names = fields.map(\.name)
        if case .variable(_, let name) = root { names.insert(name, at: 0) }
        return names.joined(separator: "/")
    }
}

/// The functions `$filter` supports.
public enum ODataFunction: String, Sendable, CaseIterable {
    case contains, startswith, endswith, tolower, toupper

    /// How many arguments the function takes.
    var arity: Int {
        switch self {
        case .contains, .startswith, .endswith: 2
        case .tolower, .toupper: 1
        }
    }
}

/// How two operands of a comparison are compared, decided when the filter is validated.
public enum ComparisonKind: Sendable {
    case string
    case number
    case date
    case boolean
    /// By member name (case-insensitive) for `eq`/`ne`; by CSDL member value for ordering.
    case enumeration(EnumSchema)
    /// One side is the `null` literal.
    case null
}

/// A `$filter` expression checked against an entity schema: every property resolved, every
/// comparison typed, every literal converted to the type it is compared with. Both the in-memory
/// evaluator and the SQL renderers work from this.
public indirect enum BoundExpression: Sendable {
    case constant(ODataValue)
    case property(BoundPath)
    case comparison(ComparisonOperator, BoundExpression, BoundExpression, ComparisonKind)
    case and([BoundExpression])
    case or([BoundExpression])
    case not(BoundExpression)
    case `in`(BoundExpression, [ODataValue], ComparisonKind)
    case function(ODataFunction, [BoundExpression])
    /// `any`/`all` over a collection; `body` is `nil` for `any()`; the element is bound to `slot`.
    case lambda(LambdaKind, collection: BoundPath, slot: Int, body: BoundExpression?)
    /// A Boolean-valued property or literal used as a condition.
    case isTrue(BoundExpression)
}
