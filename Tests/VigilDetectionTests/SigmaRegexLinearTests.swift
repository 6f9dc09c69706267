import Foundation
import Testing
import VigilCore
@testable import VigilDetection

/// The `re` values of the SigmaHQ rules on the linear-time matcher: all of them taken, the same answers as
/// ICU on real events, the pathological command line evaluated without ICU, and ICU's length limit counted.
@Suite("Sigma regex linear matching")
struct SigmaRegexLinearTests {
    /// A Sysmon process creation (EventID 1) shaped like the regression events.
    static func processCreation(commandLine: String) -> SigmaEvent {
        let object: [String: JSONValue] = ["Event": .object([
            "System": .object([
                "Provider": .object(["#attributes": .object(["Name": .string("Microsoft-Windows-Sysmon")])]),
                "EventID": .int(1),
                "Channel": .string("Microsoft-Windows-Sysmon/Operational"),
                "Computer": .string("host"),
            ]),
            "EventData": .object([
                "Image": .string(#"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#),
                "OriginalFileName": .string("PowerShell.EXE"),
                "CommandLine": .string(commandLine),
                "ParentImage": .string(#"C:\Windows\explorer.exe"#),
                "User": .string(#"HOST\user"#),
            ]),
        ])]
        return SigmaEvent(json: object)
    }

    /// `powershell.exe ` followed by `plus` plus signs and 200,000 `a`.
    static func pathological(plus: Int) -> String {
        "powershell.exe " + String(repeating: "+", count: plus) + String(repeating: "a", count: 200_000)
    }

    static let specialCharactersRule = "d7bcd677-645d-4691-a8d4-7a5602b780d1"

    @Test("Every re of the SigmaHQ rules runs on the linear matcher", .enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func allLinear() {
        let set = SigmaHQ.ruleSet
        let outside = set.regexes.filter { $0.linear == nil }.map(\.pattern)
        print("Sigma regex engines: \(set.regexEngines.linear) linear, \(set.regexEngines.icu) ICU")
        #expect(set.regexEngines.linear > 140)
        #expect(outside.isEmpty, "\(outside)")
    }

    /// Every regex of the set against every value of every regression and fixture event (all values, not
    /// only those of the regex's field, and without the prefilter): the linear answer is ICU's.
    @Test("Same answer as ICU on every value of the real events", .enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func sameAsICU() throws {
        let set = SigmaHQ.ruleSet
        var events = SigmaHQ.cases.flatMap(\.events)
        for name in ["ordinary-windows-events.json", "windows-defender-events.json"] {
            let data = try #require(FileManager.default.contents(atPath: TestData.fixtures.appendingPathComponent(name).path))
            for case .success(let document) in JSONDocuments.objects(Array(data)) { events.append(SigmaEvent(json: document.object)) }
        }
        var unique: [String: SigmaRegex] = [:]
        for regex in set.regexes where regex.linear != nil { unique["\(regex.options.rawValue)/\(regex.pattern)"] = regex }
        let regexes = Array(unique.values)
        var texts: Set<String> = []
        var view = SigmaEventView(fieldCount: set.fields.count)
        for event in events {
            view.load(event, table: set.fields)
            for value in view.values where !value.isNull { texts.insert(view.original(value)) }
        }
        var compared = 0, matched = 0
        var differences: [String] = []
        for text in texts {
            let utf8 = Array(text.utf8)
            let ascii = utf8.allSatisfy { $0 < 0x80 }
            for regex in regexes {
                let linear = try #require(regex.linear)
                guard utf8.withUnsafeBufferPointer({ linear.handles($0, ascii: ascii) }) else { continue }
                let expected = regex.matches(text)
                compared += 1
                if expected { matched += 1 }
                if utf8.withUnsafeBufferPointer({ linear.matches($0) }) != expected {
                    differences.append("\(regex.pattern) on \(text.prefix(120)): ICU \(expected)")
                }
            }
        }
        print("Sigma regex linear vs ICU: \(regexes.count) expressions, \(texts.count) values, \(compared) compared, \(matched) matched")
        #expect(differences.isEmpty, "\(differences.prefix(20))")
        #expect(matched > 50)
        #expect(compared > 100_000)
    }

    /// The event that held a request for minutes with ICU: every `re` that could run on its command line is
    /// linear, so ICU is never called on it and nothing is cut; one `+` more, the rule that ICU backtracked
    /// on matches, which only an evaluation of the whole 200,000-character value can tell.
    @Test("The pathological command line is evaluated by the linear matcher", .enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func pathologicalEvent() throws {
        let set = SigmaHQ.ruleSet
        let rule = try #require(set.rules.firstIndex { $0.id == Self.specialCharactersRule })
        let commandLine = try #require(set.fields.lookup("CommandLine"))
        var onCommandLine: [SigmaRegex] = []
        for group in set.groups {
            for case .regex(let field, let regex) in group.atoms where field == nil || field == commandLine {
                onCommandLine.append(regex)
            }
        }
        #expect(onCommandLine.count > 10)
        #expect(onCommandLine.allSatisfy { $0.linear != nil })
        let cappedBefore = set.regexEvaluationsCapped
        var evaluator = set.evaluator()
        let thirteen = evaluator.matches(Self.processCreation(commandLine: Self.pathological(plus: 13)))
        let fourteen = evaluator.matches(Self.processCreation(commandLine: Self.pathological(plus: 14)))
        #expect(!thirteen.contains(rule))
        #expect(fourteen.contains(rule))
        #expect(set.regexEvaluationsCapped == cappedBefore)
    }

    @Test("ICU, for a pattern outside the subset, sees only the first 4 KiB UTF-16 units, and the cut is counted")
    func icuLimit() {
        let set = SigmaTesting.ruleSet("selection:\n    CommandLine|re: 'x(?=y)'\ncondition: selection")
        #expect(set.regexEngines.linear == 0 && set.regexEngines.icu == 1)
        var evaluator = set.evaluator()
        func matches(_ commandLine: String) -> Bool {
            !evaluator.matches(SigmaEvent(json: ["CommandLine": .string(commandLine)], hint: SigmaLogSource(product: "test"))).isEmpty
        }
        #expect(matches("xy"))
        #expect(set.regexEvaluationsCapped == 0)
        #expect(matches(String(repeating: "a", count: 4000) + "xy"))   // within the limit
        #expect(set.regexEvaluationsCapped == 0)
        #expect(matches("xy" + String(repeating: "a", count: 5000)))   // cut, match in the first part
        #expect(set.regexEvaluationsCapped == 1)
        #expect(!matches(String(repeating: "a", count: 5000) + "xy"))  // cut: the match lies beyond the limit
        #expect(set.regexEvaluationsCapped == 2)
    }

    @Test("ICU is stopped at its time budget on an exponential pattern outside the subset, counted as no match")
    func icuTimeBudget() {
        // Lookahead keeps it off the linear matcher; the nested quantifier backtracks exponentially.
        let set = SigmaTesting.ruleSet("selection:\n    CommandLine|re: '(?=a)(a+)+b'\ncondition: selection")
        #expect(set.regexEngines.linear == 0 && set.regexEngines.icu == 1)
        var evaluator = set.evaluator()
        func matches(_ commandLine: String) -> Bool {
            !evaluator.matches(SigmaEvent(json: ["CommandLine": .string(commandLine)], hint: SigmaLogSource(product: "test"))).isEmpty
        }
        #expect(matches("aab"))
        #expect(set.regexEvaluationsTimedOut == 0)
        // 2^60 paths: without the budget this never returns (the leading "b" gets it past the prefilter).
        #expect(!matches("b" + String(repeating: "a", count: 60) + "c"))
        #expect(set.regexEvaluationsTimedOut == 1)
        #expect(!matches("b" + String(repeating: "a", count: 5000)))
        #expect(set.regexEvaluationsTimedOut == 2)
        #expect(set.regexEvaluationsCapped == 1)
    }
}
