/// The type of a property in the entity schema (a subset of the OData EDM that Graph security uses).
public indirect enum EdmType: Sendable, Hashable, CustomStringConvertible {
    case string
    case boolean
    case int32
    case int64
    case double
    case dateTimeOffset
    case enumeration(EnumSchema)
    case complex(ObjectSchemaReference)
    /// Free-form JSON (open `dictionary` types, polymorphic evidence): kept, not queryable.
    case untyped

    /// The JSON type a value of this type has on the wire.
    public var jsonType: String {
        switch self {
        case .string, .dateTimeOffset, .enumeration: "string"
        case .boolean: "boolean"
        case .int32, .int64, .double: "number"
        case .complex: "object"
        case .untyped: "any"
        }
    }

    /// The OData spelling, e.g. `Edm.String` or `microsoft.graph.alertSeverity`.
    public var description: String {
        switch self {
        case .string: "Edm.String"
        case .boolean: "Edm.Boolean"
        case .int32: "Edm.Int32"
        case .int64: "Edm.Int64"
        case .double: "Edm.Double"
        case .dateTimeOffset: "Edm.DateTimeOffset"
        case .enumeration(let e): "microsoft.graph.\(e.name)"
        case .complex(let c): "microsoft.graph.\(c.schema.name)"
        case .untyped: "Edm.Untyped"
        }
    }

    /// Whether values of this type are numbers.
    public var isNumeric: Bool {
        switch self {
        case .int32, .int64, .double: true
        default: false
        }
    }
}

/// A type-erased reference to an object schema, so schemas can name each other.
public struct ObjectSchemaReference: Sendable, Hashable {
    /// The referenced schema.
    public let schema: any AnyObjectSchema

    public init(_ schema: any AnyObjectSchema) { self.schema = schema }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.schema.name == rhs.schema.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(schema.name) }
}

/// A value as the OData evaluator sees it.
public enum ODataValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case date(DateTimeOffset)
    /// An enumeration member as stored (any case; possibly unknown to the schema).
    case enumMember(String)
    case object(any GraphObject)
    case collection([ODataValue])
}

/// A Swift type that maps to one EDM property type.
public protocol ODataPrimitive: Sendable {
    /// Reads the value from JSON; `nil` when the JSON is not of this type.
    init?(json: JSONValue)
    /// The JSON form of the value.
    var json: JSONValue { get }
    /// The EDM type in the schema.
    static var edmType: EdmType { get }
    /// The value for the OData evaluator.
    var odataValue: ODataValue { get }
    /// Appends the value's JSON.
    func writeJSON(to out: inout [UInt8])
    /// Appends the JSON of the value at `pointer`, without copying it (collections of objects use this).
    static func writeJSON(at pointer: UnsafePointer<Self>, to out: inout [UInt8])
}

extension ODataPrimitive {
    public func writeJSON(to out: inout [UInt8]) { JSONWriter.write(json, to: &out) }
    public static func writeJSON(at pointer: UnsafePointer<Self>, to out: inout [UInt8]) {
        pointer.pointee.writeJSON(to: &out)
    }
}

extension String: ODataPrimitive {
    public func writeJSON(to out: inout [UInt8]) { JSONWriter.writeString(self, to: &out) }
    public init?(json: JSONValue) {
        guard case .string(let s) = json else { return nil }
        self = s
    }
    public var json: JSONValue { .string(self) }
    public static var edmType: EdmType { .string }
    public var odataValue: ODataValue { .string(self) }
}

extension Bool: ODataPrimitive {
    public init?(json: JSONValue) {
        guard case .bool(let b) = json else { return nil }
        self = b
    }
    public var json: JSONValue { .bool(self) }
    public static var edmType: EdmType { .boolean }
    public var odataValue: ODataValue { .bool(self) }
}

extension Int32: ODataPrimitive {
    public init?(json: JSONValue) {
        switch json {
        case .int(let i): guard let v = Int32(exactly: i) else { return nil }; self = v
        case .double(let d): guard let v = Int32(exactly: d) else { return nil }; self = v
        default: return nil
        }
    }
    public var json: JSONValue { .int(Int64(self)) }
    public static var edmType: EdmType { .int32 }
    public var odataValue: ODataValue { .int(Int64(self)) }
}

extension Int64: ODataPrimitive {
    public init?(json: JSONValue) {
        switch json {
        case .int(let i): self = i
        case .double(let d): guard let v = Int64(exactly: d) else { return nil }; self = v
        default: return nil
        }
    }
    public var json: JSONValue { .int(self) }
    public static var edmType: EdmType { .int64 }
    public var odataValue: ODataValue { .int(self) }
}

extension Double: ODataPrimitive {
    public init?(json: JSONValue) {
        switch json {
        case .int(let i): self = Double(i)
        case .double(let d): self = d
        default: return nil
        }
    }
    public var json: JSONValue { .double(self) }
    public static var edmType: EdmType { .double }
    public var odataValue: ODataValue { .double(self) }
}

extension DateTimeOffset: ODataPrimitive {
    public func writeJSON(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        write(to: &out)
        out.append(UInt8(ascii: "\""))
    }
    public init?(json: JSONValue) {
        guard case .string(let s) = json, let d = DateTimeOffset(s) else { return nil }
        self = d
    }
    public var json: JSONValue { .string(iso8601) }
    public static var edmType: EdmType { .dateTimeOffset }
    public var odataValue: ODataValue { .date(self) }
}

extension JSONValue: ODataPrimitive {
    public init?(json: JSONValue) { self = json }
    public var json: JSONValue { self }
    public static var edmType: EdmType { .untyped }
    public var odataValue: ODataValue { .null }
}
