extension AnyObjectSchema {
    /// Whether every enumeration member in `object` (at any depth of the schema's complex properties) is
    /// written in the CSDL's spelling, so that decoding and writing the object again would give back the same
    /// members. A member in another case (`NewAlert`) is spelled anew by the model; an unknown value is kept.
    public func spellsEnumerationsCanonically(_ object: [String: JSONValue]) -> Bool {
        for (key, value) in object {
            guard let field = anyField(named: key) else { continue }
            switch field.type {
            case .enumeration(let e):
                if !Self.canonical(value, e) { return false }
            case .complex(let reference):
                if !Self.canonical(value, reference.schema) { return false }
            default:
                continue
            }
        }
        return true
    }

    private static func canonical(_ value: JSONValue, _ e: EnumSchema) -> Bool {
        switch value {
        case .string(let s): e.canonicalName(s).map { $0 == s } ?? true
        case .array(let items): items.allSatisfy { canonical($0, e) }
        default: true
        }
    }

    private static func canonical(_ value: JSONValue, _ schema: any AnyObjectSchema) -> Bool {
        switch value {
        case .object(let o): schema.spellsEnumerationsCanonically(o)
        case .array(let items): items.allSatisfy { canonical($0, schema) }
        default: true
        }
    }
}
