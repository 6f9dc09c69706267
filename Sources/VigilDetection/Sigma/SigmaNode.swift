import Yams

/// A YAML value of a Sigma rule, as the rule wrote it.
///
/// Plain scalars keep their text: only `null`/`~`/empty and `true`/`false` are read as such, so a value
/// like `1.0`, `0x10` or `2024-01-01` stays the text it is (YAML 1.1 resolution would turn it into a
/// number or a date, and the event would then be compared with the wrong text). Quoted scalars are always
/// text.
public indirect enum SigmaNode: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A scalar's text; `quoted` tells whether the rule quoted it.
    case scalar(String, quoted: Bool)
    case sequence([SigmaNode])
    /// Keys in the order written.
    case mapping([(String, SigmaNode)])

    public static func == (lhs: SigmaNode, rhs: SigmaNode) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.scalar(let a, let qa), .scalar(let b, let qb)): a == b && qa == qb
        case (.sequence(let a), .sequence(let b)): a == b
        case (.mapping(let a), .mapping(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The text of a scalar (`true`/`false` for booleans), or `nil` for null, sequences and mappings.
    public var text: String? {
        switch self {
        case .scalar(let s, _): s
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// The value of a key of a mapping (the first, when repeated).
    public subscript(key: String) -> SigmaNode? {
        guard case .mapping(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// The texts of a scalar or of a sequence of scalars (other items are left out).
    public var texts: [String] {
        switch self {
        case .sequence(let items): items.compactMap(\.text)
        default: text.map { [$0] } ?? []
        }
    }

    /// Reads the YAML documents of a text.
    /// - Throws: `SigmaRuleError` when the text is not YAML, or nests or expands beyond `SigmaYAMLLimits`.
    static func documents(_ yaml: String) throws(SigmaRuleError) -> [SigmaNode] {
        try SigmaYAMLLimits.check(yaml)
        do {
            var out: [SigmaNode] = []
            let parser = try Parser(yaml: yaml)
            while let node = try parser.nextRoot() { out.append(SigmaNode(node)) }
            return out
        } catch {
            throw SigmaRuleError(.invalidYAML, "the file is not valid YAML: \(Self.firstLine(of: error))")
        }
    }

    private static func firstLine(of error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "unknown error"
    }

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            guard scalar.style == .plain else {
                self = .scalar(text, quoted: true)
                return
            }
            switch text {
            case "", "~", "null", "Null", "NULL": self = .null
            case "true", "True", "TRUE": self = .bool(true)
            case "false", "False", "FALSE": self = .bool(false)
            default: self = .scalar(text, quoted: false)
            }
        case .sequence(let sequence):
            self = .sequence(sequence.map(SigmaNode.init))
        case .mapping(let mapping):
            self = .mapping(mapping.map { (key, value) in (key.scalar?.string ?? "", SigmaNode(value)) })
        }
    }
}
