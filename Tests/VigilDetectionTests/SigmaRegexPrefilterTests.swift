import Foundation
import Testing
import VigilCore
@testable import VigilDetection

/// The checks run before a regular expression: the shortest match and the literal runs it requires, and
/// that they never rule out a value the expression matches.
@Suite("Sigma regex prefilter")
struct SigmaRegexPrefilterTests {
    /// (pattern, shortest match in characters, required runs lowercased).
    static let patterns: [(String, Int, [String])] = [
        (#".{1000,}"#, 1000, []),
        (#"\w+`(?:\w+|-|.)`[\w+|\s]"#, 5, ["`", "`"]),
        (#"\s[a-fA-F0-9]{64}\s[a-fA-F0-9]{16}"#, 82, []),
        (#""(?:\{\d\})+"\s*-f"#, 7, ["-f", "\"", "\""]),
        (#"(?i)\$\{`?e`?n`?v`?:`?p`?a`?t`?h`?\}"#, 11, ["${", "}", ":", "a", "e", "h", "n", "p", "t", "v"]),
        (#"\bnet1?\s+user\b"#, 8, ["user", "net"]),
        (#"colou?r"#, 5, ["colo", "r"]),
        (#"ab+c"#, 3, ["ab", "c"]),
        (#"x{2,}yyyy"#, 6, ["yyyy", "x"]),
        (#"a|bcdef"#, 1, []),                        // alternatives: no run is required
        (#"cmd.{0,5}(?:/c|/r)\s"#, 6, ["cmd"]),
        (#"(?<=foo)Bar"#, 3, ["bar"]),               // a look-behind matches no characters of its own
        (#"\x41BC"#, 3, ["bc"]),                     // \x41 is one character, not the text "41"
        (#"[[a-z]b]x"#, 2, ["x"]),                   // a nested class ends at its own bracket
        (#"\Qa.b\E"#, 3, []),
        (#"(a)\1"#, 1, []),                         // a back reference may match nothing
    ]

    @Test("Shortest match and required runs", arguments: Self.patterns)
    func analysis(_ pattern: String, _ length: Int, _ runs: [String]) {
        let prefilter = SigmaRegexPrefilter(pattern: pattern, caseInsensitive: false)
        #expect(prefilter.minimumLength == length)
        #expect(prefilter.literals.map { String(decoding: $0, as: UTF8.self) }.sorted() == runs.sorted())
    }

    @Test("Patterns not understood get no checks")
    func notUnderstood() {
        for pattern in [#"(?x) a b c d"#, #"a{,3}"#, #"(abc"#, #"abc)"#, #"\j"#] {
            let prefilter = SigmaRegexPrefilter(pattern: pattern, caseInsensitive: false)
            #expect(prefilter.minimumLength == 0, "\(pattern)")
            #expect(prefilter.literals.isEmpty, "\(pattern)")
        }
    }

    @Test("A value too short or without a required run is ruled out; ignoring case, non-ASCII text is not")
    func admits() {
        func admits(_ pattern: String, _ value: String, caseInsensitive: Bool = false) -> Bool {
            let prefilter = SigmaRegexPrefilter(pattern: pattern, caseInsensitive: caseInsensitive)
            let lowered = Array(value.lowercased().utf8)
            return lowered.withUnsafeBufferPointer {
                prefilter.admits(byteCount: value.utf8.count, lowered: $0, ascii: value.utf8.allSatisfy { $0 < 0x80 })
            }
        }
        #expect(!admits(#".{10,}"#, "short"))
        #expect(admits(#".{10,}"#, "long enough"))
        #expect(!admits(#"\w+`\w+"#, "powershell -nop -c iex"))
        #expect(admits(#"\w+`\w+"#, "IN`V`o`Ke-eXp`ResSIOn"))
        #expect(admits(#"Invoke-Expression"#, "INVOKE-EXPRESSION"))  // compared lowercased: the regex decides
        #expect(!admits(#"strasse"#, "STRAßE"))
        #expect(admits(#"strasse"#, "STRAßE", caseInsensitive: true))  // ICU may match ß with ss
        #expect(!admits(#"strasse"#, "STRAS", caseInsensitive: true))
        let matches = try? NSRegularExpression(pattern: "strasse", options: .caseInsensitive).firstMatch(in: "STRAßE", range: NSRange(location: 0, length: 6))
        #expect(matches != nil)  // which is why non-ASCII text is let through when case is ignored
    }

    /// Every regex atom of the SigmaHQ set on every value of its field (all values for a keyword regex) in
    /// the regression events and this target's Windows fixtures.
    @Test("On real rules and events, the prefilter never rules out a value the expression matches",
          .enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func soundOnRealData() throws {
        let set = SigmaHQ.ruleSet
        var events = SigmaHQ.cases.flatMap(\.events)
        for name in ["ordinary-windows-events.json", "windows-defender-events.json"] {
            let data = try #require(FileManager.default.contents(atPath: TestData.fixtures.appendingPathComponent(name).path))
            for case .success(let document) in JSONDocuments.objects(Array(data)) { events.append(SigmaEvent(json: document.object)) }
        }
        var regexes: [(Int32?, SigmaRegex)] = []
        var seen: Set<SigmaAtom> = []
        for group in set.groups {
            for atom in group.atoms where seen.insert(atom).inserted {
                if case .regex(let field, let regex) = atom { regexes.append((field, regex)) }
            }
        }
        var view = SigmaEventView(fieldCount: set.fields.count)
        var checked = 0, matched = 0, ruledOut = 0
        var missed: [String] = []
        for event in events {
            view.load(event, table: set.fields)
            for (field, regex) in regexes {
                var values: [SigmaEventView.Value] = []
                if let field {
                    var v = view.firstValue(field)
                    while v >= 0 { values.append(view.values[Int(v)]); v = view.values[Int(v)].next }
                } else {
                    values = view.values
                }
                for value in values where !value.isNull {
                    checked += 1
                    let direct = regex.matches(view.original(value))
                    let filtered = regex.matches(view, value)
                    if direct { matched += 1 }
                    if !filtered { ruledOut += direct ? 0 : 1 }
                    if direct != filtered { missed.append("\(regex.pattern) on \(view.original(value).prefix(120))") }
                }
            }
        }
        print("Regex prefilter: \(regexes.count) expressions, \(checked) values checked, \(matched) matched, \(ruledOut) ruled out")
        #expect(missed.isEmpty, "\(missed)")
        #expect(regexes.count > 100)
        #expect(matched > 50)
        #expect(ruledOut > checked / 2)
    }
}
