import Foundation
import Testing
import VigilCore
@testable import VigilDetection

/// SigmaHQ's regression cases: the named rule fires on its events as many times as the case says.
@Suite("Sigma regression cases")
struct SigmaRegressionTests {
    struct Outcome {
        var passed: [String] = []
        var failed: [String] = []
        var notCompiled: [String] = []
    }

    static func run() -> Outcome {
        let ruleSet = SigmaHQ.ruleSet
        let numbers = Dictionary(ruleSet.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var evaluator = ruleSet.evaluator()
        var outcome = Outcome()
        for c in SigmaHQ.cases {
            guard let number = numbers[c.ruleId] else {
                let reason = ruleSet.skipped.first { $0.id == c.ruleId }.map(\.error.description) ?? "rule not found"
                outcome.notCompiled.append("\(c.folder): \(reason)")
                continue
            }
            let count = c.events.filter { evaluator.matches($0).contains(number) }.count
            if count == c.expected {
                outcome.passed.append(c.folder)
            } else {
                outcome.failed.append("\(c.folder): \(count) of \(c.events.count) events matched, expected \(c.expected)")
            }
        }
        return outcome
    }

    @Test("Every case's rule fires with the expected match count (100% of compiled rules, ≥ 97% of all cases)",
          .enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func regressionCases() {
        let cases = SigmaHQ.cases
        #expect(cases.count == 135)
        let outcome = Self.run()
        let total = cases.count
        let compiled = total - outcome.notCompiled.count
        let rate = Double(outcome.passed.count) / Double(max(total, 1))
        print("Sigma regression: \(outcome.passed.count) of \(total) cases pass (\(String(format: "%.1f", rate * 100))%); \(outcome.passed.count) of \(compiled) whose rule compiles")
        for line in outcome.failed + outcome.notCompiled { print("  failing: \(line)") }
        #expect(outcome.failed.isEmpty, "\(outcome.failed)")
        #expect(rate >= 0.97, "\(outcome.passed.count) of \(total)")
    }

    @Test("The index gives the same matches as evaluating every rule directly, on every regression event",
          .enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func indexAgreesWithDirectEvaluation() {
        var evaluator = SigmaHQ.ruleSet.evaluator()
        var disagreements: [String] = []
        var matches = 0
        for c in SigmaHQ.cases {
            for (n, event) in c.events.enumerated() {
                let indexed = evaluator.matches(event)
                let direct = evaluator.matchesWithoutIndex(event)
                matches += direct.count
                if indexed != direct { disagreements.append("\(c.folder) #\(n): \(indexed) vs \(direct)") }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
        #expect(matches >= SigmaHQ.cases.count)
    }
}
