internal import CYaml

/// Bounds on the shape of a rule's YAML, checked on libyaml's events before the text is built into nodes:
/// Yams builds nodes recursively (deep nesting would overflow the stack), and an alias is a copy of what it
/// names (anchors naming aliases of anchors multiply: a "billion laughs" file of a few hundred bytes would
/// take hours to read). libyaml's own parser keeps its state on the heap, so this check is safe on any input.
enum SigmaYAMLLimits {
    /// Deepest accepted nesting of sequences and mappings (Sigma rules need about six).
    static let maximumDepth = 64
    /// Most nodes a document may hold once its aliases are expanded.
    static let maximumNodes = 100_000

    /// Checks the nesting and the expanded size of every document of a text.
    /// - Throws: `SigmaRuleError` (`invalidYAML`) when a limit is exceeded. A text that is not YAML passes:
    ///   reading it reports the error.
    static func check(_ yaml: String) throws(SigmaRuleError) {
        var text = yaml
        let problem: String? = text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, base, bytes.count)
            var shape = Shape()
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let problem = shape.take(event) { return problem }
            }
            return nil
        }
        if let problem { throw SigmaRuleError(.invalidYAML, problem) }
    }

    /// The nesting and expanded size of the document being read.
    private struct Shape {
        /// The open collections: their anchor and the nodes they hold so far (themselves included).
        var open: [(anchor: String?, nodes: Int)] = []
        /// The expanded size of each anchored node.
        var anchors: [String: Int] = [:]
        /// Nodes of the document so far, aliases expanded.
        var nodes = 0

        /// Takes one event; says what is wrong once a limit is exceeded.
        mutating func take(_ event: yaml_event_t) -> String? {
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                self = Shape()
            case YAML_SCALAR_EVENT:
                if let anchor = event.data.scalar.anchor { anchors[String(cString: anchor)] = 1 }
                return add(1)
            case YAML_ALIAS_EVENT:
                return add(event.data.alias.anchor.flatMap { anchors[String(cString: $0)] } ?? 1)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard open.count < SigmaYAMLLimits.maximumDepth else {
                    return "the YAML nests deeper than \(SigmaYAMLLimits.maximumDepth) levels"
                }
                let anchor = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor
                    : event.data.mapping_start.anchor
                open.append((anchor.map { String(cString: $0) }, 0))
                return add(1)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = open.popLast() else { return nil }
                if let anchor = closed.anchor { anchors[anchor] = closed.nodes }
            default:
                break
            }
            return nil
        }

        /// Counts `count` nodes into the document and into every open collection.
        mutating func add(_ count: Int) -> String? {
            nodes += count
            guard nodes <= SigmaYAMLLimits.maximumNodes else {
                return "the YAML holds more than \(SigmaYAMLLimits.maximumNodes) nodes once its aliases are expanded"
            }
            for k in open.indices { open[k].nodes += count }
            return nil
        }
    }
}
