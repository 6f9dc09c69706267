import Foundation

/// Reads and writes alerts in the two shapes Vigil exchanges them: NDJSON (one JSON object a line) and a
/// Graph collection body (`{"value":[...]}`).
public enum AlertDocument {
    /// Reads alerts from a Graph collection body, a single JSON object, a JSON array, or NDJSON.
    /// - Throws: `VigilError` (`badRequest`) naming the line (NDJSON) or the position of bad JSON.
    public static func read<Root: GraphObject>(_ data: Data, as type: Root.Type = Alert.self) throws(VigilError) -> [Root] {
        let trimmed = data.drop(while: { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 })
        if trimmed.isEmpty { return [] }
        // A whole-document parse covers {"value":[...]}, a single object and an array.
        if let whole = try? JSONDecoder().decode(JSONValue.self, from: data) {
            switch whole {
            case .object(let o):
                if case .array(let items) = o["value"] ?? .null { return try objects(items, as: type) }
                return [Root(jsonObject: o)]
            case .array(let items):
                return try objects(items, as: type)
            default:
                throw VigilError(.badRequest, "Expected JSON objects but the input is a JSON \(whole.kindName).")
            }
        }
        var result: [Root] = []
        var lineNumber = 0
        for line in data.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            let value: JSONValue
            do {
                value = try JSONDecoder().decode(JSONValue.self, from: Data(line))
            } catch {
                throw VigilError(.badRequest, "Line \(lineNumber) is not valid JSON: \(describe(error))")
            }
            guard case .object(let o) = value else {
                throw VigilError(.badRequest, "Line \(lineNumber) is a JSON \(value.kindName), not an object.")
            }
            result.append(Root(jsonObject: o))
        }
        return result
    }

    private static func objects<Root: GraphObject>(_ items: [JSONValue], as type: Root.Type) throws(VigilError) -> [Root] {
        var result: [Root] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case .object(let o) = item else {
                throw VigilError(.badRequest, "Item \(i) is a JSON \(item.kindName), not an object.")
            }
            result.append(Root(jsonObject: o))
        }
        return result
    }

    /// One line of compact JSON with sorted keys (no trailing newline).
    public static func line(_ object: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(JSONValue.object(object)), as: UTF8.self)
        } catch {
            // Unreachable: JSONValue encodes non-finite numbers as null, so every value is encodable.
            return #"{"error":"unencodable value"}"#
        }
    }

    /// A short description of a JSON decoding error, with its position when Foundation gives one.
    public static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}
