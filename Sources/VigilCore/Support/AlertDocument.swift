/// Reads and writes alerts in the two shapes Vigil exchanges them: NDJSON (one JSON object a line) and a
/// Graph collection body (`{"value":[...]}`).
public enum AlertDocument {
    /// Reads objects from a Graph collection body, a single JSON object, a JSON array, or NDJSON.
    /// - Throws: `VigilError` (`badRequest`) naming the line (NDJSON) and position of bad JSON.
    public static func read<Root: GraphObject>(_ data: some Collection<UInt8>, as type: Root.Type = Alert.self)
        throws(VigilError) -> [Root]
    {
        try values(data).map { value throws(VigilError) -> Root in
            guard case .object(let o) = value.value else {
                throw VigilError(.badRequest, "\(value.location) is a JSON \(value.value.kindName), not an object.")
            }
            return Root(jsonObject: o)
        }
    }

    /// One item of a document: a value already parsed (from a collection body or array), or an NDJSON
    /// line still to parse (so one bad line can be rejected on its own).
    public enum Item: Sendable {
        case value(index: Int, JSONValue)
        case line(index: Int, lineNumber: Int, ArraySlice<UInt8>)

        /// The item's position among the document's items.
        public var index: Int {
            switch self {
            case .value(let i, _), .line(let i, _, _): i
            }
        }

        /// Where the item is, for messages: "Item 3" or "Line 7".
        public var location: String {
            switch self {
            case .value(let i, _): "Item \(i)"
            case .line(_, let n, _): "Line \(n)"
            }
        }

        /// The item's JSON value; a malformed line throws an error naming the line.
        public func parsed() throws(VigilError) -> JSONValue {
            switch self {
            case .value(_, let v): return v
            case .line(_, let n, let bytes):
                do { return try JSONParser.parse(bytes) } catch {
                    throw VigilError(.badRequest, "Line \(n): \(error.message)")
                }
            }
        }
    }

    /// Splits a document into items: a collection body (`{"value":[...]}`), a JSON array, one object, or
    /// NDJSON. A document that is malformed as a whole (and is not NDJSON) throws its parse error.
    public static func items(_ data: some Collection<UInt8>) throws(VigilError) -> [Item] {
        let bytes = Array(data)
        guard let first = bytes.firstIndex(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }) else { return [] }
        let wholeDocumentError: VigilError
        switch Result(catching: { () throws(VigilError) in try JSONParser.parse(bytes) }) {
        case .success(.object(let o)):
            guard let value = o["value"] else { return [.value(index: 0, .object(o))] }
            guard case .array(let items) = value else {
                throw VigilError(.badRequest, "'value' must be an array.", target: "value")
            }
            return items.enumerated().map { Item.value(index: $0.offset, $0.element) }
        case .success(.array(let items)):
            return items.enumerated().map { Item.value(index: $0.offset, $0.element) }
        case .success(let other):
            throw VigilError(.badRequest, "Expected JSON objects, but the document is a JSON \(other.kindName).")
        case .failure(let error):
            wholeDocumentError = error
        }
        // NDJSON only when the first line is a JSON value by itself; otherwise report the document's error.
        do {
            _ = try JSONParser.parse(bytes[first...].prefix(while: { $0 != 10 }))
        } catch {
            throw wholeDocumentError
        }
        var items: [Item] = []
        var lineNumber = 0
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            items.append(.line(index: items.count, lineNumber: lineNumber, line))
        }
        return items
    }

    /// The JSON values of a document, each with where it came from; the first malformed line throws.
    public static func values(_ data: some Collection<UInt8>) throws(VigilError) -> [(location: String, value: JSONValue)] {
        try items(data).map { item throws(VigilError) in (item.location, try item.parsed()) }
    }

    /// One line of compact JSON with sorted keys (no trailing newline).
    public static func line(_ object: [String: JSONValue]) -> String {
        JSONWriter.string(.object(object))
    }
}
