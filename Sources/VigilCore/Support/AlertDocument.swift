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

    /// The JSON values of a document, each with where it came from ("Line 3", "Item 0").
    public static func values(_ data: some Collection<UInt8>) throws(VigilError) -> [(location: String, value: JSONValue)] {
        let bytes = Array(data)
        guard let first = bytes.firstIndex(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }) else { return [] }
        // One JSON document (a collection body, an object or an array), else NDJSON.
        let wholeDocumentError: VigilError
        do {
            let whole = try JSONParser.parse(bytes)
            switch whole {
            case .object(let o):
                if case .array(let items) = o["value"] ?? .null {
                    return items.enumerated().map { ("Item \($0.offset)", $0.element) }
                }
                return [("Item 0", whole)]
            case .array(let items):
                return items.enumerated().map { ("Item \($0.offset)", $0.element) }
            default:
                return [("Item 0", whole)]
            }
        } catch {
            wholeDocumentError = error
        }
        // Not NDJSON either when the first line is not a JSON value by itself: report the document's error.
        let firstLine = bytes[first...].prefix(while: { $0 != 10 })
        guard (try? JSONParser.parse(firstLine)) != nil else { throw wholeDocumentError }
        var result: [(location: String, value: JSONValue)] = []
        var lineNumber = 0
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            do {
                result.append(("Line \(lineNumber)", try JSONParser.parse(line)))
            } catch {
                throw VigilError(.badRequest, "Line \(lineNumber): \(error.message)")
            }
        }
        return result
    }

    /// One line of compact JSON with sorted keys (no trailing newline).
    public static func line(_ object: [String: JSONValue]) -> String {
        JSONWriter.string(.object(object))
    }
}
