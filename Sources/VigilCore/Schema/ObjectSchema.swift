/// One property of an entity or complex type: its wire name, EDM type and query capabilities, and how to
/// read and write it on the Swift model. The list of fields of a type is its schema; JSON decoding and
/// encoding, OData validation, `$select` and SQL rendering all read it.
public final class Field<Root>: Sendable {
    /// The property name on the wire (camelCase, as in the CSDL).
    public let name: String
    /// The element type (for a collection, the type of its items).
    public let type: EdmType
    /// Whether the property is a collection.
    public let isCollection: Bool
    /// Whether `$filter` may use the property.
    public let isFilterable: Bool
    /// Whether `$orderby` may use the property.
    public let isSortable: Bool
    /// `"name":` as UTF-8, written before the value.
    let key: [UInt8]

    let decode: @Sendable (inout Root, JSONValue) -> Bool
    let encode: @Sendable (UnsafePointer<Root>) -> JSONValue?
    /// Writes the value as JSON; returns `false` (writing nothing) when the property is absent.
    let write: @Sendable (UnsafePointer<Root>, inout [UInt8]) -> Bool
    /// Reads the property through a pointer to the object, so a large object is never copied to read one
    /// property.
    let read: @Sendable (UnsafePointer<Root>) -> ODataValue

    /// A single-valued property.
    ///
    /// The property is given twice: as a writable key path (used when decoding) and as a getter through a
    /// pointer (`{ $0.pointee.name }`), which reads the one property without copying the object, as
    /// key-path application in generic code would.
    public init<V: ODataPrimitive>(
        _ name: String, _ keyPath: WritableKeyPath<Root, V?> & Sendable,
        _ get: @escaping @Sendable (UnsafePointer<Root>) -> V?,
        filterable: Bool = true, sortable: Bool? = nil
    ) {
        self.name = name
        self.key = Field.keyBytes(name)
        self.type = V.edmType
        self.isCollection = false
        self.isFilterable = filterable
        if case .complex = V.edmType { self.isSortable = false } else { self.isSortable = sortable ?? filterable }
        decode = { root, json in
            guard let v = V(json: json) else { return false }
            root[keyPath: keyPath] = v
            return true
        }
        encode = { root in get(root)?.json }
        write = { root, out in
            guard let value = get(root) else { return false }
            value.writeJSON(to: &out)
            return true
        }
        read = { root in get(root)?.odataValue ?? .null }
    }

    /// A collection-valued property; the key path is given twice as for a single-valued one.
    public init<V: ODataPrimitive>(
        _ name: String, _ keyPath: WritableKeyPath<Root, [V]?> & Sendable,
        _ get: @escaping @Sendable (UnsafePointer<Root>) -> [V]?,
        filterable: Bool = true
    ) {
        self.name = name
        self.key = Field.keyBytes(name)
        self.type = V.edmType
        self.isCollection = true
        self.isFilterable = filterable
        self.isSortable = false
        decode = { root, json in
            guard case .array(let items) = json else { return false }
            var values: [V] = []
            values.reserveCapacity(items.count)
            for item in items {
                guard let v = V(json: item) else { return false }
                values.append(v)
            }
            root[keyPath: keyPath] = values
            return true
        }
        encode = { root in get(root).map { .array($0.map(\.json)) } }
        write = { root, out in
            guard let values = get(root) else { return false }
            out.append(UInt8(ascii: "["))
            values.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for i in 0..<buffer.count {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    V.writeJSON(at: base + i, to: &out)
                }
            }
            out.append(UInt8(ascii: "]"))
            return true
        }
        read = { root in
            guard let values = get(root) else { return .null }
            return .collection(values.map(\.odataValue))
        }
    }
}

extension Field {
    static func keyBytes(_ name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONWriter.writeString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        return bytes
    }
}

/// A field seen without its root type, for navigating paths through nested complex types.
public final class AnyField: Sendable {
    /// The property name on the wire.
    public let name: String
    /// The element type.
    public let type: EdmType
    /// Whether the property is a collection.
    public let isCollection: Bool
    /// Whether `$filter` may use it.
    public let isFilterable: Bool
    /// Whether `$orderby` may use it.
    public let isSortable: Bool
    /// Reads the property from an object of the owning type (`.null` for any other object).
    public let read: @Sendable (any GraphObject) -> ODataValue

    init(name: String, type: EdmType, isCollection: Bool, isFilterable: Bool, isSortable: Bool,
         read: @escaping @Sendable (any GraphObject) -> ODataValue)
    {
        self.name = name
        self.type = type
        self.isCollection = isCollection
        self.isFilterable = isFilterable
        self.isSortable = isSortable
        self.read = read
    }
}

/// The schema of an entity or complex type without its Swift type.
public protocol AnyObjectSchema: Sendable {
    /// The CSDL type name, e.g. `alert`.
    var name: String { get }
    /// Its properties in declaration order.
    var anyFields: [AnyField] { get }
    /// Looks a property up by name: exactly, else case-insensitively (Graph accepts `filestates`).
    func anyField(named: String) -> AnyField?
}

/// The schema of one entity or complex type: its fields, in declaration order.
public final class ObjectSchema<Root: GraphObject>: AnyObjectSchema {
    public let name: String
    /// The typed fields.
    public let fields: [Field<Root>]
    public let anyFields: [AnyField]
    private let exact: [String: Int]
    private let folded: [String: Int]

    /// Creates a schema; field names must be unique.
    public init(_ name: String, _ fields: [Field<Root>]) {
        self.name = name
        self.fields = fields
        self.anyFields = fields.map { field in
            let read = field.read
            return AnyField(
                name: field.name, type: field.type, isCollection: field.isCollection,
                isFilterable: field.isFilterable, isSortable: field.isSortable,
                read: { object in
                    guard let typed = object as? Root else { return .null }
                    return withUnsafePointer(to: typed) { read($0) }
                })
        }
        var exact: [String: Int] = [:]
        var folded: [String: Int] = [:]
        for (i, f) in fields.enumerated() {
            exact[f.name] = i
            folded[f.name.lowercased()] = i
        }
        self.exact = exact
        self.folded = folded
    }

    /// The index of a field by exact wire name.
    func index(exactly name: String) -> Int? { exact[name] }

    /// A typed field by name: exactly, else case-insensitively.
    public func field(named name: String) -> Field<Root>? {
        if let i = exact[name] ?? folded[name.lowercased()] { return fields[i] }
        return nil
    }

    public func anyField(named name: String) -> AnyField? {
        if let i = exact[name] ?? folded[name.lowercased()] { return anyFields[i] }
        return nil
    }
}
