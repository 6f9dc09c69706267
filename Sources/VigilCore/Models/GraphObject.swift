/// What a model read from JSON holds besides its typed properties, so that writing it again gives back
/// what was read: properties Vigil does not declare (Graph types are open; providers add fields),
/// instance annotations (`@odata.type`, `@vigil.occurrenceCount`), declared properties that were sent
/// as an explicit `null`, and declared properties whose value did not have the declared type.
public struct Passthrough: Sendable, Equatable {
    /// Undeclared properties and annotations, and declared properties whose value had the wrong type,
    /// exactly as received.
    public var properties: [String: JSONValue] = [:]
    /// Declared properties that were present with the value `null`.
    public var explicitNulls: Set<String> = []
    /// Declared properties whose value had the wrong type (kept verbatim in `properties`).
    public var invalidProperties: [String] = []

    public init() {}

    /// Whether nothing beyond the typed properties was read.
    public var isEmpty: Bool { properties.isEmpty && explicitNulls.isEmpty }
}

/// An entity or complex type of the Graph security schema.
///
/// Conforming types are structs of optional properties plus `passthrough`; their `graphSchema` lists the
/// properties, and JSON reading, writing and OData evaluation are derived from it.
public protocol GraphObject: ODataPrimitive, Codable, Equatable {
    /// An instance with every property absent.
    init()
    /// The properties of the type.
    static var graphSchema: ObjectSchema<Self> { get }
    /// What was read besides the typed properties.
    var passthrough: Passthrough { get set }
}

extension GraphObject {
    /// Reads an object from JSON. Never fails: undeclared or ill-typed members are kept in
    /// `passthrough` (see `Passthrough.invalidProperties` to reject ill-typed input).
    public init(jsonObject: [String: JSONValue]) {
        self.init()
        let schema = Self.graphSchema
        for (key, value) in jsonObject {
            guard let i = schema.index(exactly: key) else {
                passthrough.properties[key] = value
                continue
            }
            if case .null = value {
                passthrough.explicitNulls.insert(key)
            } else if !schema.fields[i].decode(&self, value) {
                passthrough.properties[key] = value
                passthrough.invalidProperties.append(key)
            }
        }
    }

    /// The JSON object form: typed properties, explicit nulls, then everything kept in `passthrough`.
    public var jsonObject: [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        out.reserveCapacity(Self.graphSchema.fields.count)
        withUnsafePointer(to: self) { pointer in
            for field in Self.graphSchema.fields {
                if let value = field.encode(pointer) {
                    out[field.name] = value
                } else if passthrough.explicitNulls.contains(field.name) {
                    out[field.name] = .null
                }
            }
        }
        for (key, value) in passthrough.properties where out[key] == nil {
            out[key] = value
        }
        return out
    }

    /// Writes the JSON object directly (declared properties in schema order, then what `passthrough`
    /// keeps, sorted), without building `jsonObject`: the fast path for storage and responses.
    public func writeJSON(to out: inout [UInt8]) {
        withUnsafePointer(to: self) { Self.writeJSON(at: $0, to: &out) }
    }

    /// Writes the object at `pointer` (see `writeJSON(to:)`) without copying it.
    public static func writeJSON(at pointer: UnsafePointer<Self>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        var written: Set<String> = []
        let passthrough = pointer.pointee.passthrough
        let hasPassthrough = !passthrough.properties.isEmpty
        let hasNulls = !passthrough.explicitNulls.isEmpty
        for field in graphSchema.fields {
            let mark = out.count
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: field.key)
            if field.write(pointer, &out) {
                first = false
                if hasPassthrough { written.insert(field.name) }
            } else if hasNulls, passthrough.explicitNulls.contains(field.name) {
                out.append(contentsOf: "null".utf8)
                first = false
                if hasPassthrough { written.insert(field.name) }
            } else {
                out.removeSubrange(mark...)
            }
        }
        if hasPassthrough {
            let properties = passthrough.properties
            for key in properties.keys.sorted() where !written.contains(key) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONWriter.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                JSONWriter.write(properties[key]!, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A copy holding only the named top-level properties (and instance annotations), for `$select`.
    public func selecting(_ names: Set<String>) -> [String: JSONValue] {
        jsonObject.filter { names.contains($0.key) || $0.key.hasPrefix("@") }
    }

    // ODataPrimitive
    public init?(json: JSONValue) {
        guard case .object(let o) = json else { return nil }
        self.init(jsonObject: o)
    }
    public var json: JSONValue { .object(jsonObject) }
    public static var edmType: EdmType { .complex(ObjectSchemaReference(graphSchema)) }
    public var odataValue: ODataValue { .object(self) }

    // Codable
    public init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        guard case .object(let o) = value else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self,
                .init(codingPath: decoder.codingPath,
                      debugDescription: "Expected a JSON object for \(Self.graphSchema.name), found \(value.kindName)"))
        }
        self.init(jsonObject: o)
    }

    public func encode(to encoder: any Encoder) throws {
        try JSONValue.object(jsonObject).encode(to: encoder)
    }
}
