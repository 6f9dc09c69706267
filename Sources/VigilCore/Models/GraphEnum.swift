/// The members of a Graph enumeration type, with their CSDL values.
///
/// Member names compare case-insensitively (clients write `NewAlert` for `newAlert`); ordering uses the
/// CSDL member values, so `severity desc` puts `high` before `low`.
public struct EnumSchema: Sendable, Hashable {
    /// The CSDL type name, e.g. `alertSeverity`.
    public let name: String
    /// Member names in declaration order, with their values.
    public let members: [(name: String, value: Int)]
    private let byLowercasedName: [String: Int]
    private let byName: [String: Int]

    /// Creates an enumeration schema from its members in declaration order.
    public init(_ name: String, _ members: KeyValuePairs<String, Int>) {
        self.name = name
        self.members = members.map { ($0.key, $0.value) }
        var index: [String: Int] = [:], exact: [String: Int] = [:]
        for (i, m) in members.enumerated() {
            index[m.key.lowercased()] = i
            exact[m.key] = i
        }
        byLowercasedName = index
        byName = exact
    }

    /// The canonical spelling of a member written in any case, or `nil` when it is not a member.
    public func canonicalName(_ text: String) -> String? {
        if let i = byName[text] { return members[i].name }
        if let i = byLowercasedName[text.lowercased()] { return members[i].name }
        return nil
    }

    /// The CSDL value of a member written in any case; `nil` for an unknown member.
    public func value(of text: String) -> Int? {
        if let i = byLowercasedName[text] { return members[i].value }
        if let i = byLowercasedName[text.lowercased()] { return members[i].value }
        return nil
    }

    /// The value used for ordering: the member value, or the `unknownFutureValue` sentinel for an
    /// unknown member (or `Int.max` when the enumeration has none).
    public func rank(of text: String) -> Int {
        value(of: text) ?? value(of: "unknownFutureValue") ?? Int.max
    }

    public static func == (lhs: EnumSchema, rhs: EnumSchema) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// A Graph enumeration on the wire: a member-name string. A member read in any case is kept in its CSDL
/// spelling (`NEWALERT` and `newalert` become `newAlert`), so Vigil always emits what the CSDL declares;
/// values Vigil does not know are kept as sent.
public protocol GraphEnum: RawRepresentable<String>, Hashable, Sendable, ODataPrimitive,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The enumeration's members and values.
    static var schema: EnumSchema { get }
    init(rawValue: String)
}

extension GraphEnum {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public init?(json: JSONValue) {
        guard case .string(let s) = json else { return nil }
        self.init(rawValue: Self.schema.canonicalName(s) ?? s)
    }

    /// The member of that name in any case, in its CSDL spelling; an unknown name is kept as given.
    public init(canonicalizing text: String) {
        self.init(rawValue: Self.schema.canonicalName(text) ?? text)
    }
    public var json: JSONValue { .string(rawValue) }
    public func writeJSON(to out: inout [UInt8]) { JSONWriter.writeString(rawValue, to: &out) }
    public static var edmType: EdmType { .enumeration(schema) }
    public var odataValue: ODataValue { .enumMember(rawValue) }
    public var description: String { rawValue }

    /// Whether the value is one of the declared members (in any case).
    public var isKnown: Bool { Self.schema.canonicalName(rawValue) != nil }

    /// Compares member names case-insensitively: `NewAlert` matches `newAlert`.
    public func matches(_ other: Self) -> Bool {
        rawValue == other.rawValue || rawValue.lowercased() == other.rawValue.lowercased()
    }
}
