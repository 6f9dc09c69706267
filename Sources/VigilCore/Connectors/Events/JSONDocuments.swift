/// Splits a body holding JSON objects in any of the shapes tools write them: a JSON array, a Graph-style
/// collection `{"value":[…]}`, one object, NDJSON (one object a line), or objects one after another,
/// pretty-printed over several lines (as evtx-to-JSON converters write them).
public enum JSONDocuments {
    /// One object found in the body, or why a part of the body is not one.
    /// - Parameter body: the bytes.
    /// - Returns: each object with the 1-based line it starts on, or an error naming that line.
    public static func objects(_ body: [UInt8]) -> [Result<(line: Int, object: [String: JSONValue]), ConnectorError>] {
        var i = 0
        var line = 1
        skipWhitespace(body, &i, &line)
        guard i < body.count else { return [] }
        let first = body[i]
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            if let whole = try? JSONParser.parse(body) {
                // The whole body is one document; a body of several documents fails and is split below.
                switch whole {
                case .array(let items): return items.map { object($0, line: nil) }
                case .object(let o):
                    if case .array(let items)? = o["value"], o.keys.allSatisfy({ $0 == "value" || $0.hasPrefix("@") }) {
                        return items.map { object($0, line: nil) }
                    }
                    return [.success((line, o))]
                default: break
                }
            }
        }
        var out: [Result<(line: Int, object: [String: JSONValue]), ConnectorError>] = []
        while i < body.count {
            let startLine = line
            let start = i
            if body[i] == UInt8(ascii: "{") || body[i] == UInt8(ascii: "[") {
                scanDocument(body, &i, &line)
            } else {
                while i < body.count, body[i] != 0x0A { i += 1 }
            }
            let document = body[start..<i]
            do {
                out.append(object(try JSONParser.parse(document), line: startLine))
            } catch {
                out.append(.failure(ConnectorError(line: startLine, "malformed JSON: \(error.message)")))
            }
            skipWhitespace(body, &i, &line)
        }
        return out
    }

    private static func object(_ value: JSONValue, line: Int?) -> Result<(line: Int, object: [String: JSONValue]), ConnectorError> {
        guard case .object(let o) = value else {
            return .failure(ConnectorError(line: line, "expected a JSON object, found \(value.kindName)"))
        }
        return .success((line ?? 1, o))
    }

    private static func skipWhitespace(_ body: [UInt8], _ i: inout Int, _ line: inout Int) {
        while i < body.count, body[i] == 0x20 || body[i] == 0x09 || body[i] == 0x0A || body[i] == 0x0D {
            if body[i] == 0x0A { line += 1 }
            i += 1
        }
    }

    /// Moves past one object or array: brackets are counted outside strings; an unbalanced document
    /// runs to the end of its line so the rest of the body can still be read.
    private static func scanDocument(_ body: [UInt8], _ i: inout Int, _ line: inout Int) {
        let start = i, startLine = line
        var depth = 0
        var inString = false
        while i < body.count {
            let c = body[i]
            if c == 0x0A { line += 1 }
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { i += 1; return }
            }
            i += 1
        }
        // Never closed: take the first line only.
        i = start
        line = startLine
        while i < body.count, body[i] != 0x0A { i += 1 }
    }
}
