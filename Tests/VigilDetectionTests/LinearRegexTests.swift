import Foundation
import Testing
@testable import VigilDetection

/// The linear-time matcher: which patterns it takes, its answers on chosen cases, and the same yes/no as
/// ICU on generated patterns and strings.
@Suite("Linear regex")
struct LinearRegexTests {
    static func linear(_ pattern: String, caseInsensitive: Bool = false, dotAll: Bool = false) -> LinearRegex? {
        LinearRegex(pattern, caseInsensitive: caseInsensitive, dotAll: dotAll)
    }

    static func icu(_ pattern: String, _ text: String, caseInsensitive: Bool = false, dotAll: Bool = false) -> Bool? {
        var options: NSRegularExpression.Options = []
        if caseInsensitive { options.insert(.caseInsensitive) }
        if dotAll { options.insert(.dotMatchesLineSeparators) }
        guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else { return nil }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func run(_ regex: LinearRegex, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { regex.matches($0) }
    }

    /// (pattern, text, matches) checked by hand.
    static let cases: [(String, String, Bool)] = [
        (#"\+.*\+.*\+"#, "a+b+c+", true),
        (#"\+.*\+.*\+"#, "a+b+c", false),
        (#"^abc$"#, "abc\n", true),          // `$` before a final line terminator
        (#"^abc$"#, "abc\r\n", true),
        (#"^abc$"#, "abc\n\n", false),
        (#"^abc"#, "xabc", false),
        (#"a.c"#, "a\nc", false),
        (#"\bnet1?\s+user\b"#, "cmd /c net1 user x", true),
        (#"\bnet1?\s+user\b"#, "cmd /c subnet user x", false),
        (#"x{2,3}y"#, "xxy", true),
        (#"x{2,3}y"#, "xy", false),
        (#"(?i)InVoKe"#, "INVOKE-Expression", true),
        (#"[^a-z]z"#, "az", false),
        (#"[^a-z]z"#, "Az", true),
        (#"(a*)*b"#, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false),
        (#"(?:ab|cd)+e"#, "abcdabe", true),
        (#"\x41\u0042[\d]"#, "AB7", true),
        (#"caf\w\b"#, "café!", true),
        (#"clipboard]::\("#, "[clipboard]::(", true),  // `]` alone is a literal
        (#".{5,}"#, "abcd\nabcd", false),                  // one class repeated: a run of it
        (#".{5,}"#, "abcd\nabcde", true),
        (#"[a-c]{3,4}"#, "abxabcx", true),
    ]

    @Test("Chosen cases", arguments: Self.cases)
    func chosen(_ pattern: String, _ text: String, _ expected: Bool) throws {
        let regex = try #require(Self.linear(pattern))
        #expect(Self.run(regex, text) == expected)
        #expect(Self.icu(pattern, text) == expected)
    }

    @Test("Patterns outside the subset stay with ICU")
    func outside() {
        for pattern in [#"(?=a)b"#, #"(?<=a)b"#, #"(?<!a)b"#, #"(a)\1"#, #"a++"#, #"(?>ab)"#, #"[[a-z]&&[^b]]"#,
                        #"\Qa.b\E"#, #"(?x) a"#, #"\p{L}"#, #"a{,3}"#, #"\Aabc"#, #"x{2000}"#, #"a}"#] {
            #expect(Self.linear(pattern) == nil, "\(pattern)")
        }
    }

    /// Pseudo-random patterns from a grammar of the subset and strings over an alphabet that holds the
    /// pattern's letters, line terminators, spaces of several kinds, marks and case-folding oddities.
    @Test("Same answer as ICU on generated patterns and strings")
    func differential() throws {
        var random = SplitMix(seed: 0x5EED_1234)
        let alphabet: [String] = ["a", "b", "A", "B", "k", "s", "1", "_", "-", "+", " ", "\t", "\n", "\r", "\u{0B}",
                                  "\u{0C}", "\u{85}", "\u{A0}", "\u{2028}", "\u{1C}", "é", "É", "\u{301}", "\u{200B}",
                                  "\u{212A}", "\u{17F}", "ß", "\u{131}", "\u{130}", "٣", "Ж", "ж", "😀", "."]
        var compared = 0
        var differences: [String] = []
        var attempts = 0
        while compared < 20_000, attempts < 5000 {
            attempts += 1
            let pattern = RegexGenerator.pattern(&random, depth: 2)
            let ci = random.next() % 3 == 0
            let dotAll = random.next() % 5 == 0
            // ICU answers wrongly when a repeated group can match the empty string (`([ab]*?)*?a` finds no
            // `a` in "_.Ba"); no SigmaHQ expression has one, so such patterns are not compared.
            guard let node = LinearRegexParser.parse(pattern, caseInsensitive: ci, dotAll: dotAll),
                  !node.repeatsEmptyMatch,
                  let regex = Self.linear(pattern, caseInsensitive: ci, dotAll: dotAll) else { continue }
            for _ in 0..<12 {
                let length = Int(random.next() % 10)
                let text = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
                guard let expected = Self.icu(pattern, text, caseInsensitive: ci, dotAll: dotAll) else { continue }
                let handled = Array(text.utf8).withUnsafeBufferPointer { regex.handles($0, ascii: text.utf8.allSatisfy { $0 < 0x80 }) }
                guard handled else { continue }
                compared += 1
                if Self.run(regex, text) != expected {
                    differences.append("\(pattern) ci=\(ci) s=\(dotAll) on \(text.unicodeScalars.map { String($0.value, radix: 16) }) ICU \(expected)")
                }
            }
        }
        print("Linear regex differential: \(compared) comparisons, \(differences.count) differences")
        #expect(compared >= 20_000)
        #expect(differences.isEmpty, "\(differences.prefix(20))")
    }
}

extension LinearRegexNode {
    /// Whether the node can match the empty string.
    var matchesEmpty: Bool {
        switch self {
        case .empty, .assertion: true
        case .character: false
        case .sequence(let parts): parts.allSatisfy(\.matchesEmpty)
        case .alternatives(let options): options.contains(where: \.matchesEmpty)
        case .repetition(let body, let min, _): min == 0 || body.matchesEmpty
        }
    }

    /// Whether some repetition of more than one iteration has a body that can match the empty string.
    var repeatsEmptyMatch: Bool {
        switch self {
        case .empty, .assertion, .character: false
        case .sequence(let parts), .alternatives(let parts): parts.contains(where: \.repeatsEmptyMatch)
        case .repetition(let body, _, let max): ((max ?? 2) > 1 && body.matchesEmpty) || body.repeatsEmptyMatch
        }
    }
}
