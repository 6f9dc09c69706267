import Foundation
import VigilCore
import Yams

/// Microsoft's OpenAPI document for the security paths (`shared/spec/graph-security-openapi.yaml`, beside the
/// shared data), used to check Vigil's answers: each JSON body is walked along the schema of its path's `200`
/// response, and every value that breaks it (a type, an enum member, a pattern) is reported with its place.
///
/// Properties the schema does not declare are allowed (Graph clients ignore them; Vigil's annotations are such).
public struct OpenAPIResponseSchema: Sendable {
    private let document: JSONValue

    /// The document's location: `VIGIL_TEST_SPEC`, else `spec/` beside the shared data folder.
    public static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["VIGIL_TEST_SPEC"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return SharedTestData.directory.deletingLastPathComponent().appendingPathComponent("spec/graph-security-openapi.yaml")
    }()

    /// Whether the document is there.
    public static var isAvailable: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// What a test that needs the document says when it is missing.
    public static let unavailableText =
        "Microsoft's OpenAPI document not found (set VIGIL_TEST_SPEC to graph-security-openapi.yaml); this test did not run"

    /// The document, read once.
    public static let shared: OpenAPIResponseSchema? = try? OpenAPIResponseSchema(contentsOf: url)

    public init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        document = Self.json(try Yams.load(yaml: text) as Any)
    }

    /// The schema of the `status` JSON answer of `method` on `path` (a template such as
    /// `/beta/security/securityActions/{securityAction-id}`), or of its class (`2XX`); `nil` when the
    /// document has none.
    public func responseSchema(path: String, method: String = "get", status: String = "200") -> JSONValue? {
        guard let responses = document["paths"]?[path]?[method.lowercased()]?["responses"],
              var response = responses[status] ?? responses[String(status.prefix(1)) + "XX"] else { return nil }
        if let ref = response["$ref"]?.stringValue { response = resolve(ref) ?? .null }
        return response["content"]?["application/json"]?["schema"]
    }

    /// Every place where `body` breaks the answer schema of `path`; empty when it conforms. A path the
    /// document does not describe is reported as such.
    public func violations(of body: JSONValue, path: String, method: String = "get", status: String = "200") -> [String] {
        guard let schema = responseSchema(path: path, method: method, status: status) else {
            return ["the document has no \(status) JSON answer for \(method.uppercased()) \(path)"]
        }
        var found: [String] = []
        check(body, schema, at: "$", into: &found, depth: 0)
        return found
    }

    /// Every place where `value` breaks the named component schema (e.g. `beta.microsoft.graph.securityAction`).
    public func violations(of value: JSONValue, component: String) -> [String] {
        var found: [String] = []
        check(value, ["$ref": .string("#/components/schemas/\(component)")], at: "$", into: &found, depth: 0)
        return found
    }

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in ref.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, at place: String, into found: inout [String], depth: Int) {
        guard depth < 64 else { return }
        if let ref = schema["$ref"]?.stringValue {
            guard let target = resolve(ref) else { found.append("\(place): unresolvable \(ref)"); return }
            check(value, target, at: place, into: &found, depth: depth + 1)
            return
        }
        for part in schema["allOf"]?.arrayValue ?? [] { check(value, part, at: place, into: &found, depth: depth + 1) }
        for key in ["anyOf", "oneOf"] {
            guard let variants = schema[key]?.arrayValue, !variants.isEmpty else { continue }
            var firstProblems: [String]?
            var matched = false
            for variant in variants {
                var problems: [String] = []
                check(value, variant, at: place, into: &problems, depth: depth + 1)
                if problems.isEmpty { matched = true; break }
                if firstProblems == nil { firstProblems = problems }
            }
            if !matched { found.append("\(place): matches none of \(key) (\((firstProblems ?? []).joined(separator: "; ")))") }
        }
        if case .null = value {
            if schema["type"] != nil, schema["nullable"] != .bool(true) { found.append("\(place): null where it is not nullable") }
            return
        }
        if let members = schema["enum"]?.arrayValue, !members.contains(value) {
            let names = members.compactMap(\.stringValue).joined(separator: ", ")
            found.append("\(place): \(value) is not one of \(names)")
        }
        switch schema["type"]?.stringValue {
        case "object":
            guard let object = value.objectValue else { found.append("\(place): \(value.kindName) where an object is declared"); return }
            if let properties = schema["properties"]?.objectValue {
                for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                    if let declared = properties[key] { check(item, declared, at: "\(place).\(key)", into: &found, depth: depth + 1) }
                }
            }
        case "array":
            guard let items = value.arrayValue else { found.append("\(place): \(value.kindName) where an array is declared"); return }
            if let itemSchema = schema["items"] {
                for (n, item) in items.enumerated() { check(item, itemSchema, at: "\(place)[\(n)]", into: &found, depth: depth + 1) }
            }
        case "string":
            guard let text = value.stringValue else { found.append("\(place): \(value.kindName) where a string is declared"); return }
            if let pattern = schema["pattern"]?.stringValue {
                do {
                    let regex = try NSRegularExpression(pattern: pattern)
                    if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                        found.append("\(place): \"\(text)\" does not match \(pattern)")
                    }
                } catch {
                    found.append("\(place): the document's pattern \(pattern) does not compile, so the value is unchecked")
                }
            }
        case "integer":
            guard case .int = value else { found.append("\(place): \(value) where an integer is declared"); return }
        case "number":
            switch value {
            case .int, .double: break
            default: found.append("\(place): \(value.kindName) where a number is declared")
            }
        case "boolean":
            guard case .bool = value else { found.append("\(place): \(value.kindName) where a Boolean is declared"); return }
        default:
            break
        }
    }

    /// YAML as loaded by Yams, as JSON values.
    static func json(_ any: Any) -> JSONValue {
        switch any {
        case let d as [String: Any]: .object(d.mapValues(json))
        case let d as [AnyHashable: Any]:
            .object(Dictionary(d.map { ("\($0.key)", json($0.value)) }, uniquingKeysWith: { a, _ in a }))
        case let a as [Any]: .array(a.map(json))
        case let b as Bool: .bool(b)
        case let i as Int: .int(Int64(i))
        case let d as Double: .double(d)
        case let s as String: .string(s)
        default: .null
        }
    }
}
