/// A set of Sigma rules compiled once for evaluation on many events: rules grouped by log source, each
/// group with its needle index (see `SigmaRuleGroup`), plus every rule that could not be compiled and
/// why.
///
/// Immutable and shared by all tasks; each task evaluates through its own `SigmaEvaluator`.
public final class SigmaRuleSet: Sendable {
    /// The text of one rule file and a name for it (its path), for reports.
    public struct Source: Sendable {
        public var name: String
        public var text: String

        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// A rule file that was not compiled.
    public struct Skipped: Sendable, CustomStringConvertible {
        public var name: String
        /// The rule's id and title, when they could be read.
        public var id: String?
        public var title: String?
        public var error: SigmaRuleError

        public init(name: String, id: String? = nil, title: String? = nil, error: SigmaRuleError) {
            self.name = name
            self.id = id
            self.title = title
            self.error = error
        }

        public var description: String { "\(name)\(id.map { " (\($0))" } ?? ""): \(error)" }
    }

    /// The compiled rules; `SigmaEvaluator.matches(_:)` answers numbers into this list.
    public let rules: [SigmaRule]
    /// Where each compiled rule came from (`Source.name`).
    public let ruleSources: [String]
    /// The rule files that were not compiled, each with the reason.
    public let skipped: [Skipped]
    let fields: SigmaFieldTable
    let groups: [SigmaRuleGroup]
    let groupNumbers: [SigmaLogSource: Int]
    let expressions: [SigmaExpression]

    /// Parses and compiles rule files.
    /// - Parameters:
    ///   - sources: the rule files' texts.
    ///   - unreadable: files the caller could not read, reported with the skipped rules.
    public convenience init(sources: [Source], unreadable: [Skipped] = []) {
        var parsed: [(SigmaRule, String)] = []
        var skipped = unreadable
        var ids: Set<String> = []
        for source in sources {
            do {
                let rule = try SigmaRuleParser.parse(source.text)
                guard ids.insert(rule.id).inserted else {
                    skipped.append(Skipped(name: source.name, id: rule.id, title: rule.title,
                                           error: SigmaRuleError(.duplicateID, "another rule of the set has the id \(rule.id)")))
                    continue
                }
                parsed.append((rule, source.name))
            } catch {
                let (id, title) = Self.identity(source.text)
                skipped.append(Skipped(name: source.name, id: id, title: title, error: error))
            }
        }
        self.init(parsed: parsed, skipped: skipped)
    }

    /// Compiles parsed rules (for callers that time or filter parsing themselves).
    /// - Parameters:
    ///   - rules: the parsed rules.
    ///   - names: where each came from (default: its id).
    ///   - skipped: rules the caller could not read or parse, kept in the report.
    public convenience init(rules: [SigmaRule], names: [String]? = nil, skipped: [Skipped] = []) {
        self.init(parsed: rules.enumerated().map { ($1, names?[$0] ?? $1.id) }, skipped: skipped)
    }

    private init(parsed: [(SigmaRule, String)], skipped: [Skipped]) {
        var fields = SigmaFieldTable()
        var compiled: [SigmaRule] = []
        var names: [String] = []
        var expressions: [SigmaExpression] = []
        var skipped = skipped
        var builders: [SigmaLogSource: SigmaRuleGroupBuilder] = [:]
        var order: [SigmaLogSource] = []
        for (rule, name) in parsed {
            do {
                let expression = try SigmaRuleCompiler.compile(rule, fields: &fields)
                let number = Int32(compiled.count)
                compiled.append(rule)
                names.append(name)
                expressions.append(expression)
                if builders[rule.logSource] == nil {
                    builders[rule.logSource] = SigmaRuleGroupBuilder(logSource: rule.logSource)
                    order.append(rule.logSource)
                }
                builders[rule.logSource]!.add(rule: number, expression)
            } catch {
                skipped.append(Skipped(name: name, id: rule.id, title: rule.title, error: error))
            }
        }
        var groups: [SigmaRuleGroup] = []
        var numbers: [SigmaLogSource: Int] = [:]
        for key in order {
            numbers[key] = groups.count
            groups.append(builders.removeValue(forKey: key)!.build())
        }
        self.rules = compiled
        self.ruleSources = names
        self.skipped = skipped
        self.fields = fields
        self.groups = groups
        self.groupNumbers = numbers
        self.expressions = expressions
    }

    /// An evaluator for one task.
    public func evaluator() -> SigmaEvaluator { SigmaEvaluator(ruleSet: self) }

    /// The skipped rules counted by kind of problem, most common first.
    public var skipReasons: [(kind: String, count: Int)] {
        Dictionary(grouping: skipped, by: \.error.kind.name).map { ($0.key, $0.value.count) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.kind < $1.kind }
    }

    /// How many compiled rules have no anchor (are evaluated on every event of their log source).
    public var unanchoredRuleCount: Int { groups.reduce(0) { $0 + $1.unanchored.count } }

    /// The compiled rules (numbers into `rules`) that have no anchor in the needle index, so they are
    /// evaluated on every event of their log source: slower, worth knowing when writing rules.
    public var unanchoredRules: [Int] {
        groups.flatMap { group in group.unanchored.map { Int(group.rules[Int($0)]) } }.sorted()
    }

    /// The id and title of a rule that did not parse, read leniently for the report.
    private static func identity(_ text: String) -> (String?, String?) {
        guard let documents = try? SigmaNode.documents(text), let first = documents.first else {
            // Not YAML at all: nothing more to report than the error already kept.
            return (nil, nil)
        }
        return (first["id"]?.text, first["title"]?.text)
    }
}
