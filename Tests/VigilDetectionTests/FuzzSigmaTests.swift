import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilDetection

/// Seeded random input for the Sigma rule loader: a rule's YAML, near-valid, is parsed and compiled into a
/// rule set, which either compiles it or lists it as skipped with a `SigmaRuleError` (the loader's
/// documented contract: nothing is dropped without saying why), never a trap or a hang; parsing is
/// deterministic; a compiled rule is evaluated on random events built from its own fields and values, and
/// the indexed evaluation agrees with the direct one.
@Suite("Fuzz: Sigma rules")
struct FuzzSigmaTests {
    /// This target's rule fixtures, valid and broken.
    static let fixtureRules: [String] = ["rules", "broken-rules"].flatMap { folder -> [String] in
        let directory = TestData.fixtures.appendingPathComponent(folder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        return names.filter { $0.hasSuffix(".yml") }.compactMap {
            try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)
        }
    }

    @Test("The seed corpora are loaded (a missing fixture would quietly weaken the harness)")
    func seedsLoaded() {
        #expect(Self.fixtureRules.count >= 5)
        #expect(Self.fixtureEvents.count >= 5)
    }

    /// Detections that cover the modifiers and the condition grammar.
    static let detections = [
        "selection:\n    CommandLine|contains|all:\n        - ' -w hidden '\n        - 'IEX'\n    Image|endswith: '\\\\cmd.exe'\ncondition: selection",
        "sel_re:\n    url|re|i: '^/(admin|wp-login)\\.php\\?x=[0-9]{2,5}$'\nsel_net:\n    src_ip|cidr:\n        - '10.0.0.0/8'\n        - 'fe80::/10'\ncondition: sel_re or sel_net",
        "encoded:\n    CommandLine|base64offset|contains: 'http://'\nwide:\n    Payload|wide|base64: 'cmd'\ncondition: 1 of them",
        "dash:\n    CommandLine|windash|contains: ' -enc '\nnumber:\n    EventID|gte: 4624\n    LogonType|lt: 10\ncondition: dash and not number",
        "keywords:\n    - 'mimikatz'\n    - 'sekurlsa::'\nfilter:\n    User: null\n    Flag: true\ncondition: keywords and not 1 of filter*",
        "a:\n    Field|exists: true\nb:\n    Other|fieldref: Field\nc:\n    Name|cased: 'Exact'\n    Name|startswith: ''\ncondition: (a and b) or (all of c* and not (a or b))",
        "selection:\n    - EventID: 1\n      Image|endswith:\n          - '.exe'\n          - '.dll'\n    - EventID: [3, '4']\ncondition: selection | count() > 5",
        "sel:\n    msg|re|m|s: '(?<name>a+)b*?.{0,3}[^\\s]\\d\\w\\b'\ncondition: sel",
    ]

    static let seeds: [String] = fixtureRules + detections.enumerated().map { index, detection in
        SigmaTesting.rule(detection, id: "00000000-0000-0000-0000-00000000000\(index)")
    }

    static let tokens = [
        ":", ": ", "- ", "\n", "\n    ", "\n        - ", "|", "|contains", "|all", "|re", "|i", "|cidr", "|base64offset",
        "|windash", "|exists", "|gt", "|fieldref", "|expand", "|wide", "'", "\"", "''", "&a ", "*a", "!!binary ",
        "!!str ", "---\n", "...\n", "? ", "# ", "\t", "~", "null", " and ", " or ", "not ", "1 of ", "all of ", "them",
        "selection*", "(", ")", " | count() ", " near ", "(a|b)*", "[^x]", "\\d+", "{2,5}", "(?i)", "(?=x)", "\\1",
        ".*", "+", "\\", "\\\\", "%admin%", "*", "?", "0x10", "1.0", "2024-01-01", "correlation:", "filter:",
    ]

    static let mutator = FuzzMutator(seeds: seeds, tokens: tokens, brackets: [("[", "]"), ("{a: ", "}"), ("(", ")"),
                                                                              ("- ", ""), ("not ", "")])

    static let conditionMutator = FuzzMutator(seeds: [
        "selection", "sel_re or sel_net", "1 of them", "keywords and not 1 of filter*", "dash and not number",
        "(a and b) or (all of c* and not (a or b))", "all of selection_*", "not (sel or not sel)",
    ], tokens: [" and ", " or ", "not ", "1 of ", "all of ", "any of ", "them", "(", ")", " | count() > 5", " near ",
                "*", "sel", "a", "b", "0 of "], brackets: [("(", ")"), ("not ", ""), ("(not ", ")")])

    /// One input: mostly a mutated rule; sometimes a valid rule with a mutated condition, or with its detection
    /// reached through a ladder of YAML anchors and aliases (each level naming the one below several times).
    static func input(_ random: inout FuzzRandom) -> [UInt8] {
        let kind = random.below(10)
        guard kind >= 7, let seed = random.element(of: seeds) else { return mutator.input(&random) }
        var lines = seed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if kind < 9 {
            guard let index = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("condition:") }) else {
                return Array(seed.utf8)
            }
            let condition = String(decoding: conditionMutator.input(&random), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
            lines[index] = "    condition: " + condition
            return Array(lines.joined(separator: "\n").utf8)
        }
        let levels = random.within(1...9), fanOut = random.within(2...10)
        var ladder = ["x-l0: &l0 [" + Array(repeating: "v", count: fanOut).joined(separator: ", ") + "]"]
        for level in 1...levels {
            ladder.append("x-l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: fanOut).joined(separator: ", ") + "]")
        }
        lines = ladder + lines
        if let index = lines.firstIndex(where: { $0.hasPrefix("    ") && $0.hasSuffix(":") && !$0.contains("condition") }) {
            lines.insert("        Field: *l\(levels)", at: index + 1)
        }
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// Windows and auditd events of the fixtures, to evaluate every compiled rule on.
    static let fixtureEvents: [[String: JSONValue]] = ["events/windows.json", "events/auditd.ndjson"].flatMap { path in
        let bytes = (try? Data(contentsOf: TestData.fixtures.appendingPathComponent(path))).map { [UInt8]($0) } ?? []
        return JSONDocuments.objects(bytes).compactMap { try? $0.get().object }
    }

    /// The field conditions of a search.
    static func fieldMatches(_ search: SigmaSearch) -> [SigmaFieldMatch] {
        switch search {
        case .allOf(let matches): matches
        case .anyOf(let searches): searches.flatMap(fieldMatches)
        case .keywords(let match): [match]
        }
    }

    /// A value for an event field: one of the rule's values, changed a little or a lot, or another kind.
    static func value(_ texts: [String], _ random: inout FuzzRandom) -> JSONValue {
        let text = random.element(of: texts) ?? "x"
        switch random.below(10) {
        case 0, 1, 2: return .string(text)
        case 3: return .string("prefix " + text + " suffix")
        case 4: return .string(text.uppercased())
        case 5: return .string(String(decoding: mutator.mutate(Array(text.utf8), &random, steps: 1), as: UTF8.self))
        case 6: return .int(Int64(random.within(-5...70_000)))
        case 7: return random.element(of: [.null, .bool(true), .bool(false), .double(4624.5)]) ?? .null
        case 8: return .array([.string(text), .int(1)])
        default: return .object(["inner": .string(text)])
        }
    }

    /// A random event for a rule: some of its fields with values near its own, some other fields.
    static func event(for rule: SigmaRule, _ random: inout FuzzRandom) -> [String: JSONValue] {
        let matches = rule.searches.flatMap { fieldMatches($0.search) }
        var event: [String: JSONValue] = [:]
        for match in matches where random.chance(70) {
            let texts = match.values.compactMap(\.text)
            event[match.field ?? random.element(of: ["message", "CommandLine", "x"]) ?? "x"] = value(texts, &random)
        }
        if random.chance(30) { event["unrelated"] = .string("mimikatz sekurlsa:: http://x") }
        return event
    }

    @Test("Rule YAML: compiled or skipped with a reason; compiled rules evaluate the same with and without the index")
    func rules() {
        Fuzz.run("sigma.rule", iterations: 1500, input: { Self.input(&$0) }) { fuzzCase, random in
            let text = fuzzCase.text
            let set = SigmaRuleSet(sources: [.init(name: "fuzz.yml", text: text)])
            #expect(set.rules.count + set.skipped.count == 1,
                    "\(set.rules.count) compiled and \(set.skipped.count) skipped of one file: \(fuzzCase)")
            let parsed = Result { () throws(SigmaRuleError) -> SigmaRule in try SigmaRuleParser.parse(text) }
            switch (parsed, Result { () throws(SigmaRuleError) -> SigmaRule in try SigmaRuleParser.parse(text) }) {
            case (.success(let a), .success(let b)): #expect(a == b, "parsing twice differs: \(fuzzCase)")
            case (.failure(let a), .failure(let b)): #expect(a == b, "parsing twice fails differently: \(fuzzCase)")
            default: Issue.record("parsing twice succeeds once: \(fuzzCase)")
            }
            for skipped in set.skipped {
                #expect(!skipped.error.message.isEmpty, "skipped without a reason: \(fuzzCase)")
            }
            guard let rule = set.rules.first else { return }
            var evaluator = set.evaluator()
            var events = (0..<4).map { _ in Self.event(for: rule, &random) }
            events += Self.fixtureEvents
            for object in events {
                let event = SigmaEvent(json: object, hint: rule.logSource)
                let indexed = evaluator.matches(event), direct = evaluator.matchesWithoutIndex(event)
                #expect(indexed == direct,
                        "index \(indexed) but direct \(direct) on \(JSONWriter.string(.object(object))): \(fuzzCase)")
            }
        }
    }
}
