/// The JSON objects of a whole body, in any of the shapes `JSONDocumentSplitter` reads: a JSON array, a
/// Graph-style collection `{"value":[…]}`, one object, NDJSON, or objects one after another, pretty-printed
/// over several lines (as evtx-to-JSON converters write them).
public enum JSONDocuments {
    /// Every object found in the body, or why a part of the body is not one.
    /// - Parameters:
    ///   - body: the bytes.
    ///   - limit: most bytes one object may take; a larger one is reported on its line and skipped.
    /// - Returns: each object with the 1-based line it starts on, or an error naming that line.
    public static func objects(_ body: [UInt8], limit: Int = JSONDocumentSplitter.defaultLimit) -> [JSONDocumentSplitter.Document] {
        var splitter = JSONDocumentSplitter(body: body, limit: limit)
        var out: [JSONDocumentSplitter.Document] = []
        while let document = splitter.next() { out.append(document) }
        return out
    }

    /// Parses one document that must be an object.
    /// - Parameters:
    ///   - bytes: the document.
    ///   - line: the line it starts on.
    /// - Returns: the object, or an error naming the line when the bytes are not JSON or not an object.
    public static func object(_ bytes: ArraySlice<UInt8>, line: Int) -> JSONDocumentSplitter.Document {
        do {
            let value = try JSONParser.parse(bytes)
            guard case .object(let object) = value else {
                return .failure(ConnectorError(line: line, "expected a JSON object, found \(value.kindName)"))
            }
            return .success((line, object))
        } catch {
            return .failure(ConnectorError(line: line, "malformed JSON: \(error.message)"))
        }
    }
}
