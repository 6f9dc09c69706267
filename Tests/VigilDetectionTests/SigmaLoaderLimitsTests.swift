import Foundation
import Testing
@testable import VigilDetection

/// The loader's limits on nesting and alias expansion: a rule past them is skipped with a reason instead of
/// overflowing the stack or expanding for hours.
@Suite("Sigma loader limits")
struct SigmaLoaderLimitsTests {
    static func skipped(_ text: String) -> SigmaRuleError? {
        let set = SigmaRuleSet(sources: [.init(name: "limits.yml", text: text)])
        #expect(set.rules.count + set.skipped.count == 1)
        return set.skipped.first?.error
    }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: TestData.fixtures.appendingPathComponent("fuzz-regressions/\(name)"), encoding: .utf8)
    }

    @Test("The fuzz harness's inputs that overflowed the stack are skipped with a reason")
    func fuzzRegressions() throws {
        let yaml = try #require(Self.skipped(try Self.fixture("deep-yaml-nesting.yml")))
        #expect(yaml.kind == .invalidYAML)
        #expect(yaml.message == "the YAML nests deeper than 64 levels")
        let condition = try #require(Self.skipped(try Self.fixture("deep-condition-nesting.yml")))
        #expect(condition.kind == .invalidCondition)
        #expect(condition.message.contains("deeper than 64 levels"))
    }

    @Test("Condition nesting: 64 levels of parentheses or 'not' compile, 65 do not")
    func conditionDepth() {
        func rule(_ condition: String) -> String { SigmaTesting.rule("sel:\n    a: b\ncondition: \(condition)") }
        let limit = SigmaConditionParser.maximumDepth
        #expect(Self.skipped(rule(String(repeating: "(", count: limit) + "sel" + String(repeating: ")", count: limit))) == nil)
        #expect(Self.skipped(rule(String(repeating: "not ", count: limit) + "sel")) == nil)
        #expect(Self.skipped(rule(String(repeating: "(", count: limit + 1) + "sel" + String(repeating: ")", count: limit + 1)))?.kind == .invalidCondition)
        #expect(Self.skipped(rule(String(repeating: "not ", count: 100_000) + "sel"))?.kind == .invalidCondition)
        #expect(Self.skipped(rule(String(repeating: "(", count: 100_000) + "sel"))?.kind == .invalidCondition)
    }

    @Test("YAML nesting past 64 levels is refused before Yams builds it")
    func yamlDepth() {
        for (open, close) in [("[", "]"), ("{a: ", "}")] {
            let value = String(repeating: open, count: 100_000) + "b" + String(repeating: close, count: 100_000)
            let error = Self.skipped(SigmaTesting.rule("sel:\n    a: \(value)\ncondition: sel"))
            #expect(error?.kind == .invalidYAML && error?.message == "the YAML nests deeper than 64 levels")
        }
        let blockSequences = String(repeating: "- ", count: 50_000) + "x"
        #expect(Self.skipped(blockSequences)?.kind == .invalidYAML)
    }

    @Test("Aliases: used as usual, but a ladder of anchors that multiplies is refused at once")
    func aliases() throws {
        let shared = SigmaTesting.rule("sel: &s\n    a: b\nother: *s\ncondition: sel and other")
        #expect(Self.skipped(shared) == nil)
        var ladder = ["x-l0: &l0 [v, v, v, v, v, v, v, v, v, v]"]
        for level in 1...9 { ladder.append("x-l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]") }
        let laughs = ladder.joined(separator: "\n") + "\n" + SigmaTesting.rule("sel:\n    a: *l9\ncondition: sel")
        let start = Date()
        let error = try #require(Self.skipped(laughs))
        #expect(error.kind == .invalidYAML)
        #expect(error.message == "the YAML holds more than 100000 nodes once its aliases are expanded")
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
