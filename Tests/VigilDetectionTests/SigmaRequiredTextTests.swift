import Testing
@testable import VigilDetection

/// The text the index requires before a regular expression or wildcard pattern runs.
@Suite("Sigma required text")
struct SigmaRequiredTextTests {
    static let regexes: [(String, String?)] = [
        (#"powershell\.exe"#, "powershell.exe"),
        (#"^C:\\Users\\[^\\]+\\AppData"#, #"c:\users\"#),
        (#"(?i)Invoke-Expression"#, "invoke-expression"),
        (#"foo\d+barbaz"#, "barbaz"),
        (#"abc?de"#, nil),            // "ab" and "de" are too short
        (#"a|bcdef"#, nil),           // alternation: no single required text
        (#"cmd.{0,5}(?:/c|/r)\s"#, "cmd"),  // an alternation inside a group is skipped with the group
        (#"(abcdef)?xyz"#, "xyz"),    // groups are skipped
        (#"[abcdef]{3}ghi"#, "ghi"),
        (#"x{2,}yyyy"#, "yyyy"),
        (#"(?x) a b c d"#, nil),      // extended mode ignores spaces
        (#"\bnet1?\s+user\b"#, "user"),  // "net" (the optional 1 dropped) is shorter than "user"
    ]

    @Test(arguments: regexes)
    func regex(_ pattern: String, _ expected: String?) {
        #expect(SigmaRequiredText.of(regex: pattern) == expected.map { Array($0.utf8) })
    }

    @Test func wildcard() {
        #expect(SigmaRequiredText.of(wildcard: SigmaPattern(parsing: #"*\Temp\\*.EXE"#).parts) == Array(#"\temp\"#.utf8))
        #expect(SigmaRequiredText.of(wildcard: SigmaPattern(parsing: "a*b?c").parts) == nil)
    }

    @Test("A guarded pattern matches exactly what the pattern alone matches")
    func guardedMatching() {
        let detection = "selection:\n    F|re: '^C:\\\\Users\\\\[^\\\\]+\\\\AppData'\ncondition: selection"
        #expect(SigmaTesting.matches(detection, ["F": #"C:\Users\bob\AppData\x"#]))
        #expect(!SigmaTesting.matches(detection, ["F": #"c:\users\bob\appdata\x"#]))  // the regex is case-sensitive
        #expect(!SigmaTesting.matches(detection, ["F": #"D:\Users\bob\AppData"#]))
        let wildcard = "selection:\n    F: '*\\Temp\\\\*.exe'\ncondition: selection"
        #expect(SigmaTesting.matches(wildcard, ["F": #"C:\TEMP\x\a.EXE"#]))
        #expect(!SigmaTesting.matches(wildcard, ["F": #"C:\Tmp\a.exe"#]))
    }
}
