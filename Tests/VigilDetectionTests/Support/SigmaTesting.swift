import Testing
import VigilCore
@testable import VigilDetection

/// Small rules written inline, for modifier and condition tests.
enum SigmaTesting {
    /// A rule of product `test` with the given detection lines (indented under `detection:`).
    static func rule(_ detection: String, id: String = "00000000-0000-0000-0000-000000000001", level: String = "medium") -> String {
        """
        title: Test rule \(id)
        id: \(id)
        status: test
        level: \(level)
        logsource:
            product: test
        detection:
        \(detection.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    /// The compiled set of one rule; fails the test when it does not compile.
    static func ruleSet(_ detection: String, sourceLocation: SourceLocation = #_sourceLocation) -> SigmaRuleSet {
        let set = SigmaRuleSet(sources: [.init(name: "inline", text: rule(detection))])
        #expect(set.skipped.isEmpty, "\(set.skipped)", sourceLocation: sourceLocation)
        return set
    }

    /// Whether the one rule matches the event, asserting that the indexed and the direct evaluation agree.
    static func matches(_ detection: String, _ event: [String: JSONValue], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let set = ruleSet(detection, sourceLocation: sourceLocation)
        var evaluator = set.evaluator()
        let sigmaEvent = SigmaEvent(json: event, hint: SigmaLogSource(product: "test"))
        let indexed = evaluator.matches(sigmaEvent)
        let direct = evaluator.matchesWithoutIndex(sigmaEvent)
        #expect(indexed == direct, "the index and the direct evaluation disagree", sourceLocation: sourceLocation)
        return !indexed.isEmpty
    }
}
