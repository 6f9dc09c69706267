import Testing
import VigilCore
@testable import VigilDetection

/// Field modifiers, wildcards, escaping and null, each checked on events that must and must not match.
@Suite("Sigma value modifiers")
struct SigmaModifierTests {
    struct Case: Sendable, CustomStringConvertible {
        var key: String
        /// The value as YAML (quoted when needed).
        var value: String
        var field: JSONValue?
        var expected: Bool
        var description: String { "\(key): \(value) on \(field.map { JSONWriter.string($0) } ?? "absent") → \(expected)" }
    }

    static let cases: [Case] = [
        // Plain values: equality, case-insensitive.
        Case(key: "F", value: "'cmd.exe'", field: "CMD.EXE", expected: true),
        Case(key: "F", value: "'cmd.exe'", field: "xcmd.exe", expected: false),
        Case(key: "F", value: "4688", field: .int(4688), expected: true),
        Case(key: "F", value: "'4688'", field: .int(4689), expected: false),
        Case(key: "F", value: "true", field: .bool(true), expected: true),
        Case(key: "F", value: "''", field: "", expected: true),
        Case(key: "F", value: "''", field: "x", expected: false),
        // Placement.
        Case(key: "F|contains", value: "'powershell'", field: #"C:\Windows\PowerShell.exe"#, expected: true),
        Case(key: "F|contains", value: "'powershell'", field: #"C:\Windows\pwsh.exe"#, expected: false),
        Case(key: "F|startswith", value: #"'C:\Windows\'"#, field: #"c:\windows\system32\a.exe"#, expected: true),
        Case(key: "F|startswith", value: #"'C:\Windows\'"#, field: #"d:\windows\a.exe"#, expected: false),
        Case(key: "F|endswith", value: #"'\a.exe'"#, field: #"C:\X\A.EXE"#, expected: true),
        Case(key: "F|endswith", value: #"'\a.exe'"#, field: #"c:\b.exe"#, expected: false),
        // Wildcards and escaping.
        Case(key: "F", value: "'a*c'", field: "abbbc", expected: true),
        Case(key: "F", value: "'a*c'", field: "abbbd", expected: false),
        Case(key: "F", value: "'a?c'", field: "abc", expected: true),
        Case(key: "F", value: "'a?c'", field: "abbc", expected: false),
        Case(key: "F", value: "'a?c'", field: "aéc", expected: true),
        Case(key: "F", value: #"'a\*c'"#, field: "a*c", expected: true),
        Case(key: "F", value: #"'a\*c'"#, field: "abc", expected: false),
        Case(key: "F", value: #"'a\?'"#, field: "a?", expected: true),
        Case(key: "F", value: #"'a\?'"#, field: "ab", expected: false),
        Case(key: "F", value: #"'C:\Windows\\*'"#, field: #"C:\Windows\x"#, expected: true),
        Case(key: "F", value: #"'C:\Windows\*'"#, field: #"C:\Windows\x"#, expected: false),  // \* is a literal star
        Case(key: "F", value: #"'C:\Windows\*'"#, field: #"C:\Windows*"#, expected: true),
        Case(key: "F", value: #"'a\\*'"#, field: #"a\bcd"#, expected: true),
        Case(key: "F", value: #"'a\\*'"#, field: "abcd", expected: false),
        Case(key: "F|contains", value: "'*'", field: "", expected: true),
        // cased.
        Case(key: "F|cased", value: "'Cmd'", field: "cmd", expected: false),
        Case(key: "F|cased", value: "'Cmd'", field: "Cmd", expected: true),
        Case(key: "F|contains|cased", value: "'Enc'", field: "-Enc x", expected: true),
        Case(key: "F|contains|cased", value: "'Enc'", field: "-enc x", expected: false),
        // Regular expressions: case-sensitive, unanchored, with i/m/s.
        Case(key: "F|re", value: "'^a.c$'", field: "abc", expected: true),
        Case(key: "F|re", value: "'b'", field: "abc", expected: true),
        Case(key: "F|re", value: "'^A'", field: "abc", expected: false),
        Case(key: "F|re|i", value: "'^A'", field: "abc", expected: true),
        Case(key: "F|re", value: "'^b$'", field: "a\nb", expected: false),
        Case(key: "F|re|m", value: "'^b$'", field: "a\nb", expected: true),
        Case(key: "F|re", value: "'a.b'", field: "a\nb", expected: false),
        Case(key: "F|re|s", value: "'a.b'", field: "a\nb", expected: true),
        Case(key: "F|re", value: #"'(?<=x)y'"#, field: "xy", expected: true),
        // CIDR.
        Case(key: "F|cidr", value: "'10.0.0.0/8'", field: "10.1.2.3", expected: true),
        Case(key: "F|cidr", value: "'10.0.0.0/8'", field: "11.1.2.3", expected: false),
        Case(key: "F|cidr", value: "'192.168.1.0/24'", field: "192.168.1.255", expected: true),
        Case(key: "F|cidr", value: "'fe80::/10'", field: "fe80::1", expected: true),
        Case(key: "F|cidr", value: "'fe80::/10'", field: "2001:db8::1", expected: false),
        Case(key: "F|cidr", value: "'10.0.0.0/8'", field: "not an address", expected: false),
        // Encodings.
        Case(key: "F|base64", value: "'abc'", field: "YWJj", expected: true),
        Case(key: "F|base64|contains", value: "'abc'", field: "xxYWJjxx", expected: true),
        Case(key: "F|base64offset|contains", value: "'/bin/bash'", field: "ZWNobyAvYmluL2Jhc2g=", expected: true),
        Case(key: "F|base64offset|contains", value: "'/bin/sh'", field: "ZWNobyAvYmluL2Jhc2g=", expected: false),
        Case(key: "F|wide|base64offset|contains", value: "'ping'", field: "YwBtAGQAIAAvAGMAIABwAGkAbgBnAA==", expected: true),
        Case(key: "F|utf16le|base64offset|contains", value: "'ping'", field: "eHAAaQBuAGcA", expected: true),
        Case(key: "F|wide|base64", value: "'Invoke'", field: "SQBuAHYAbwBrAGUA", expected: true),
        // windash: -, /, en dash, em dash, horizontal bar at the start of an option.
        Case(key: "F|windash|contains", value: "' -enc '", field: "powershell /enc abc", expected: true),
        Case(key: "F|windash|contains", value: "' -enc '", field: "powershell \u{2013}enc abc", expected: true),
        Case(key: "F|windash|contains", value: "' -enc '", field: "powershell \u{2015}enc abc", expected: true),
        Case(key: "F|windash|contains", value: "' -enc '", field: "powershell -enc abc", expected: true),
        Case(key: "F|windash|contains", value: "' -enc '", field: "powershell xenc abc", expected: false),
        Case(key: "F|contains|windash", value: "'a-b'", field: "a/b", expected: false),
        // Numbers.
        Case(key: "F|gt", value: "10", field: .int(11), expected: true),
        Case(key: "F|gt", value: "10", field: .int(10), expected: false),
        Case(key: "F|gte", value: "10", field: "10", expected: true),
        Case(key: "F|lt", value: "10", field: .int(10), expected: false),
        Case(key: "F|lte", value: "10", field: .double(9.5), expected: true),
        Case(key: "F|gt", value: "10", field: "many", expected: false),
        // exists and null.
        Case(key: "F|exists", value: "true", field: "x", expected: true),
        Case(key: "F|exists", value: "true", field: nil, expected: false),
        Case(key: "F|exists", value: "false", field: nil, expected: true),
        Case(key: "F|exists", value: "true", field: .null, expected: true),
        Case(key: "F", value: "null", field: nil, expected: true),
        Case(key: "F", value: "null", field: .null, expected: true),
        Case(key: "F", value: "null", field: "x", expected: false),
        Case(key: "F", value: "'null'", field: "null", expected: true),
        // Lists: or, and with all.
        Case(key: "F|contains", value: "['x', 'b']", field: "abc", expected: true),
        Case(key: "F|contains|all", value: "['a', 'c']", field: "abc", expected: true),
        Case(key: "F|contains|all", value: "['a', 'd']", field: "abc", expected: false),
        Case(key: "F|contains|all|windash", value: "['-a', '-b']", field: "x /a /b", expected: true),
        Case(key: "F|contains|all|windash", value: "['-a', '-b']", field: "x /a", expected: false),
        Case(key: "F", value: "[null, '']", field: "", expected: true),
        Case(key: "F", value: "[null, '']", field: "x", expected: false),
        Case(key: "F|cidr", value: "['10.0.0.0/8', '172.16.0.0/12']", field: "172.20.0.1", expected: true),
    ]

    @Test(arguments: cases)
    func modifier(_ c: Case) {
        var event: [String: JSONValue] = ["Other": "x"]
        if let field = c.field { event["F"] = field }
        let detection = "selection:\n    \(c.key): \(c.value)\ncondition: selection"
        #expect(SigmaTesting.matches(detection, event) == c.expected, "\(c)")
    }

    @Test("fieldref compares two fields of the event")
    func fieldReference() {
        let detection = "selection:\n    F|fieldref: G\ncondition: selection"
        #expect(SigmaTesting.matches(detection, ["F": "abc", "G": "ABC"]))
        #expect(!SigmaTesting.matches(detection, ["F": "abc", "G": "abd"]))
        #expect(!SigmaTesting.matches(detection, ["F": "abc"]))
        let contains = "selection:\n    F|fieldref|contains: G\ncondition: selection"
        #expect(SigmaTesting.matches(contains, ["F": "xxabcxx", "G": "abc"]))
    }

    @Test("Keywords are searched in every field; a list is an or, '|all' an and")
    func keywords() {
        let detection = "keywords:\n    - 'mimikatz'\n    - 'sekurlsa::'\ncondition: keywords"
        #expect(SigmaTesting.matches(detection, ["message": "running MimiKatz now"]))
        #expect(SigmaTesting.matches(detection, ["a": "x", "nested": ["b": "sekurlsa::logonpasswords"]]))
        #expect(!SigmaTesting.matches(detection, ["message": "nothing here"]))
        let all = "keywords:\n    '|all':\n        - 'alpha'\n        - 'beta'\ncondition: keywords"
        #expect(SigmaTesting.matches(all, ["a": "alpha", "b": "beta"]))
        #expect(!SigmaTesting.matches(all, ["a": "alpha"]))
    }

    struct PatternCase: Sendable, CustomStringConvertible {
        var value: String
        var modifiers: [SigmaModifier]
        var expected: [BytePattern]
        var description: String { "\(value)|\(modifiers.map(\.rawValue).joined(separator: "|"))" }
    }

    static let patternCases: [PatternCase] = [
        PatternCase(value: "Cmd.exe", modifiers: [], expected: [.equals(Array("cmd.exe".utf8))]),
        PatternCase(value: #"\cmd.exe"#, modifiers: [.endswith], expected: [.suffix(Array(#"\cmd.exe"#.utf8))]),
        PatternCase(value: "/bin/bash", modifiers: [.base64offset, .contains],
                    expected: ["l2jpbi9iyxno", "9iaw4vymfza", "vymlul2jhc2"].map { .contains(Array($0.utf8)) }),
        PatternCase(value: "/bin/sh", modifiers: [.base64offset, .contains, .cased],
                    expected: ["L2Jpbi9za", "9iaW4vc2", "vYmluL3No"].map { .contains(Array($0.utf8)) }),
        PatternCase(value: " -e ", modifiers: [.windash, .contains],
                    expected: [" -e ", " /e ", " \u{2013}e ", " \u{2014}e ", " \u{2015}e "].map { .contains(Array($0.utf8)) }),
        PatternCase(value: "ab", modifiers: [.utf16le], expected: [.equals([0x61, 0, 0x62, 0])]),
        PatternCase(value: "ab", modifiers: [.utf16be], expected: [.equals([0, 0x61, 0, 0x62])]),
        PatternCase(value: "ab", modifiers: [.utf16], expected: [.equals([0xFF, 0xFE, 0x61, 0, 0x62, 0])]),
        PatternCase(value: "a*b?c", modifiers: [], expected: [.wildcard([.bytes([0x61]), .anyString, .bytes([0x62]), .anyCharacter, .bytes([0x63])])]),
    ]

    @Test("Modifiers turn a value into the expected patterns", arguments: patternCases)
    func patterns(_ c: PatternCase) throws {
        #expect(try SigmaFieldCompiler.patterns(c.value, modifiers: c.modifiers) == c.expected)
    }

    static let invalidCases: [(String, String)] = [("F|contains|base64", "'abc'"), ("F|re|contains", "'a'"), ("F|cidr", "'10.0.0/33'"),
                      ("F|exists", "'yes'"), ("F|gt", "'ten'"), ("F|i", "'a'"), ("F|re", "'(unclosed'"), ("F|cidr|re", "'a'")]

    @Test("Encoding a value with wildcards, or combining exclusive modifiers, is refused with a reason",
          arguments: Self.invalidCases)
    func invalidCombinations(_ key: String, _ value: String) {
        let set = SigmaRuleSet(sources: [.init(name: "inline", text: SigmaTesting.rule("selection:\n    \(key): \(value)\ncondition: selection"))])
        #expect(set.rules.isEmpty)
        #expect(set.skipped.count == 1)
        #expect(set.skipped.first?.error.message.hasPrefix("search 'selection': ") == true, "\(set.skipped)")
        #expect([.invalidValue, .invalidRegex].contains(set.skipped.first?.error.kind), "\(set.skipped)")
    }
}
