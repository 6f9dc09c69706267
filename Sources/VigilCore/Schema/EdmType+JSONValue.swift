extension EdmType {
    /// The OData value a single-valued property of this type has when its JSON is `json`: what reading the
    /// property of the decoded object gives (a value that does not decode reads as `null`), without decoding
    /// the object. `nil` for complex and untyped properties, which only the model reads.
    public func odataValue(json: JSONValue) -> ODataValue? {
        switch self {
        case .string: String(json: json)?.odataValue ?? .null
        case .boolean: Bool(json: json)?.odataValue ?? .null
        case .int32: Int32(json: json)?.odataValue ?? .null
        case .int64: Int64(json: json)?.odataValue ?? .null
        case .double: Double(json: json)?.odataValue ?? .null
        case .dateTimeOffset: DateTimeOffset(json: json)?.odataValue ?? .null
        case .enumeration(let e):
            if case .string(let s) = json { .enumMember(e.canonicalName(s) ?? s) } else { .null }
        case .complex, .untyped: nil
        }
    }
}
