import Foundation
import Testing
import VigilCore
@testable import VigilDetection

/// Everyday Windows activity must not raise a high or critical SigmaHQ detection.
@Suite("Sigma false positives")
struct SigmaFalsePositiveTests {
    static func ordinaryEvents() throws -> [[String: JSONValue]] {
        let url = TestData.fixtures.appendingPathComponent("ordinary-windows-events.json")
        let data = try #require(FileManager.default.contents(atPath: url.path))
        return try JSONDocuments.objects(Array(data)).map { try $0.get().object }
    }

    @Test("Ordinary events fire no high or critical rule of the full SigmaHQ set",
          .enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func noHighOrCritical() throws {
        let events = try Self.ordinaryEvents()
        #expect(events.count == 14)
        let set = SigmaHQ.ruleSet
        var evaluator = set.evaluator()
        var severe: [String] = []
        var classified = 0
        for (n, object) in events.enumerated() {
            let event = SigmaEvent(json: object)
            if event.logSource.product == "windows", !event.logSource.services.isEmpty { classified += 1 }
            let matched = evaluator.matches(event)
            #expect(matched == evaluator.matchesWithoutIndex(event), "the index and the direct evaluation agree on event \(n)")
            for number in matched {
                let rule = set.rules[number]
                let line = "event \(n) (\(event.logSource)): \(rule.level?.rawValue ?? "-") \(rule.title) [\(rule.id)]"
                print("ordinary event match: \(line)")
                if let level = rule.level, level >= .high { severe.append(line) }
            }
        }
        #expect(classified == events.count, "every event is recognized as a Windows event of a known channel")
        #expect(severe.isEmpty, "\(severe)")
    }

    @Test("A malicious variant of the same events does fire a high rule (the check is not vacuous)",
          .enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func maliciousVariantFires() throws {
        var object = try #require(try Self.ordinaryEvents().first { $0["Event"]?["EventData"]?["Image"]?.stringValue?.hasSuffix("notepad.exe") == true })
        guard case .object(var event) = object["Event"], case .object(var data) = event["EventData"] else {
            Issue.record("the notepad event has Event.EventData")
            return
        }
        data["Image"] = #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#
        data["OriginalFileName"] = "PowerShell.EXE"
        data["CommandLine"] = "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA"
        event["EventData"] = .object(data)
        object["Event"] = .object(event)
        var evaluator = SigmaHQ.ruleSet.evaluator()
        let levels = evaluator.matches(SigmaEvent(json: object)).compactMap { SigmaHQ.ruleSet.rules[$0].level }
        #expect(levels.contains { $0 >= .high }, "\(levels)")
    }
}
