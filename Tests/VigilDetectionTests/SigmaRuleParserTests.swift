import Foundation
import Testing
import VigilCore
@testable import VigilDetection

/// Reading rules: metadata, searches, and a reason for every rule that cannot be used.
@Suite("Sigma rule loader")
struct SigmaRuleParserTests {
    static let full = """
        title: Encoded PowerShell
        id: 5b2c4a1e-0000-4000-8000-000000000001
        status: experimental
        description: |
            Detects PowerShell started with an encoded command.
        references:
            - https://example.com/encoded
        author: Vigil tests
        date: 2026-01-02
        modified: 2026-02-03
        tags:
            - attack.execution
            - attack.t1059.001
            - attack.defense-evasion
            - attack.t1027
            - attack.g0016
            - car.2014-04-003
        logsource:
            category: Process_Creation
            product: windows
        detection:
            selection_img:
                - Image|endswith: '\\powershell.exe'
                - OriginalFileName: 'PowerShell.EXE'
            selection_cli:
                CommandLine|windash|contains: ' -enc '
            filter_main_null:
                CommandLine: null
            condition: all of selection_* and not 1 of filter_main_*
        falsepositives:
            - Admin scripts
            - Installers
        level: high
        """

    @Test("Metadata, log source and ATT&CK tags are read")
    func metadata() throws {
        let rule = try SigmaRuleParser.parse(Self.full)
        #expect(rule.title == "Encoded PowerShell")
        #expect(rule.id == "5b2c4a1e-0000-4000-8000-000000000001")
        #expect(rule.status == "experimental")
        #expect(rule.description == "Detects PowerShell started with an encoded command.\n")
        #expect(rule.references == ["https://example.com/encoded"])
        #expect(rule.author == "Vigil tests")
        #expect(rule.date == "2026-01-02")
        #expect(rule.modified == "2026-02-03")
        #expect(rule.level == .high)
        #expect(rule.falsePositives == ["Admin scripts", "Installers"])
        #expect(rule.logSource == SigmaLogSource(product: "windows", category: "process_creation"))
        #expect(rule.attackTechniques == ["T1059.001", "T1027"])
        #expect(rule.attackTactics == ["execution", "defense-evasion"])
        #expect(rule.searches.map(\.name) == ["selection_img", "selection_cli", "filter_main_null"])
        #expect(rule.condition == .and([.of(.all, "selection_*"), .not(.of(.atLeast(1), "filter_main_*"))]))
        guard case .anyOf(let alternatives) = rule.searches[0].search else {
            Issue.record("a list of maps is an alternative")
            return
        }
        #expect(alternatives == [
            .allOf([SigmaFieldMatch(field: "Image", modifiers: [.endswith], values: [.scalar(#"\powershell.exe"#, quoted: true)])]),
            .allOf([SigmaFieldMatch(field: "OriginalFileName", modifiers: [], values: [.scalar("PowerShell.EXE", quoted: true)])]),
        ])
        #expect(rule.searches[2].search == .allOf([SigmaFieldMatch(field: "CommandLine", modifiers: [], values: [.null])]))
    }

    @Test("Plain YAML scalars keep their text; only null and true/false are read as such")
    func scalars() throws {
        let rule = try SigmaRuleParser.parse(SigmaTesting.rule("sel:\n    A: 1.0\n    B: 0x10\n    C: 2024-01-01\n    D: ~\n    E: yes\n    F: TRUE\ncondition: sel"))
        guard case .allOf(let matches) = rule.searches[0].search else { Issue.record("a map"); return }
        #expect(matches.map(\.values) == [[.scalar("1.0", quoted: false)], [.scalar("0x10", quoted: false)],
                                          [.scalar("2024-01-01", quoted: false)], [.null], [.scalar("yes", quoted: false)], [.bool(true)]])
    }

    static let unsupported: [(String, String, SigmaRuleError.Kind, String)] = [
        ("not YAML", "title: [unclosed\nid: x", .invalidYAML, "not valid YAML"),
        ("empty", "", .invalidRule, "empty"),
        ("no title", "id: x\nlogsource: {product: a}\ndetection: {s: {A: 1}, condition: s}", .invalidRule, "'title' is missing"),
        ("no detection", "title: t\nid: x\nlogsource: {product: a}", .invalidRule, "'detection' is missing"),
        ("no condition", "title: t\nid: x\nlogsource: {product: a}\ndetection: {s: {A: 1}}", .invalidCondition, "'condition' is missing"),
        ("bad level", "title: t\nid: x\nlevel: severe\nlogsource: {product: a}\ndetection: {s: {A: 1}, condition: s}", .invalidRule, "'level' severe"),
        ("correlation", "title: t\nid: x\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 5m", .correlation, "correlation rules"),
        ("filter", "title: t\nid: x\nlogsource: {product: a}\nfilter:\n  rules: [a]\n  selection: {A: 1}\n  condition: selection", .unsupportedDocument, "filter"),
        ("collection", "title: t\nid: x\n---\ntitle: u\nid: y", .unsupportedDocument, "2 YAML documents"),
        ("unknown modifier", "title: t\nid: x\nlogsource: {product: a}\ndetection: {s: {A|sounds_like: b}, condition: s}", .unsupportedModifier, "unknown modifier 'sounds_like' in 'A|sounds_like'"),
        ("placeholder", "title: t\nid: x\nlogsource: {product: a}\ndetection: {s: {A|expand: '%admins%'}, condition: s}", .placeholder, "|expand"),
        ("aggregation", "title: t\nid: x\nlogsource: {product: a}\ndetection: {s: {A: 1}, condition: s | count() > 5}", .unsupportedCondition, "aggregation"),
        ("undefined search", "title: t\nid: x\nlogsource: {product: a}\ndetection: {s: {A: 1}, condition: t}", .invalidCondition, "'t', which is not a search"),
        ("single value search", "title: t\nid: x\nlogsource: {product: a}\ndetection: {s: 1, condition: s}", .invalidRule, "single value"),
    ]

    @Test(arguments: unsupported)
    func refusedWithAReason(_ name: String, _ yaml: String, _ kind: SigmaRuleError.Kind, _ fragment: String) {
        let set = SigmaRuleSet(sources: [.init(name: name, text: yaml)])
        #expect(set.rules.isEmpty, "\(name)")
        let skipped = set.skipped.first
        #expect(skipped?.name == name)
        #expect(skipped?.error.kind == kind, "\(name): \(skipped?.error.description ?? "none")")
        #expect(skipped?.error.message.contains(fragment) == true, "\(name): \(skipped?.error.description ?? "none")")
    }

    @Test("A skipped rule keeps its id and title when they can be read; a second rule with the same id is skipped")
    func skippedIdentity() {
        let bad = "title: Bad one\nid: bad-1\nlogsource: {product: a}\ndetection: {s: {A|nope: 1}, condition: s}"
        let good = SigmaTesting.rule("s:\n    A: 1\ncondition: s", id: "dup")
        let set = SigmaRuleSet(sources: [.init(name: "bad.yml", text: bad), .init(name: "one.yml", text: good),
                                         .init(name: "two.yml", text: good)])
        #expect(set.rules.map(\.id) == ["dup"])
        #expect(set.ruleSources == ["one.yml"])
        #expect(set.skipped.map(\.name) == ["bad.yml", "two.yml"])
        #expect(set.skipped.map(\.id) == ["bad-1", "dup"])
        #expect(set.skipped.first?.title == "Bad one")
        #expect(set.skipped.last?.error.kind == .duplicateID)
        #expect(set.skipReasons.map(\.count) == [1, 1])
    }

    @Test("Every SigmaHQ rule is compiled except the two that need placeholders",
          .enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func sigmaHQ() {
        let set = SigmaHQ.ruleSet
        print("SigmaHQ rules: \(SigmaHQ.sources.count) files, \(set.rules.count) compiled, \(set.skipped.count) skipped: \(set.skipReasons)")
        #expect(SigmaHQ.sources.count == 3754)
        #expect(set.rules.count == 3752)
        #expect(set.skipped.map(\.error.kind) == [.placeholder, .placeholder], "\(set.skipped)")
    }
}
