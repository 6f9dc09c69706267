/// What every text a regular expression matches must have, checked on the value's bytes before the
/// expression runs: at least as many characters as the shortest match, and each literal run the pattern
/// requires outside groups and optional items. Running ICU's matcher costs far more than these checks,
/// and most values fail them (a long command line without a backtick cannot match ``\w+`\w+` ``).
///
/// Conservative: a pattern not understood (extended mode, an unknown escape, a malformed interval) gets
/// no checks. Case-insensitive matching of non-ASCII text can match one character with several
/// (`ß` with `ss`), so then neither literal characters nor runs are relied on.
struct SigmaRegexPrefilter: Sendable {
    /// Fewest characters (Unicode scalars) of a match.
    private(set) var minimumLength = 0
    /// The same counting no literal character.
    private(set) var minimumLengthWithoutLiterals = 0
    /// Literal runs every match contains, lowercased (values are compared lowercased).
    private(set) var literals: [[UInt8]] = []
    /// Whether the expression, or a part of it, ignores case.
    private(set) var caseInsensitive: Bool

    /// The checks of a pattern; none when it is not understood.
    init(pattern: String, caseInsensitive: Bool) {
        self.caseInsensitive = caseInsensitive
        var scanner = RegexScanner(Array(pattern.unicodeScalars))
        guard let lengths = scanner.alternatives(depth: 0), scanner.atEnd else { return }
        minimumLength = lengths.withLiterals
        minimumLengthWithoutLiterals = lengths.withoutLiterals
        self.caseInsensitive = caseInsensitive || scanner.ignoresCase
        literals = scanner.runs.compactMap { run -> [UInt8]? in
            guard !run.isEmpty else { return nil }
            var text = ""
            text.unicodeScalars.append(contentsOf: run)
            return CaseFolding.lowercase(Array(text.utf8))
        }
        // Rarest first: the longest run most often rules a value out.
        literals.sort { $0.count > $1.count }
    }

    /// Whether a value may match: `false` only when it cannot.
    /// - Parameters:
    ///   - byteCount: the length of the value as written, in UTF-8 bytes (at least its character count).
    ///   - lowered: the value lowercased.
    ///   - ascii: whether the value is all ASCII.
    @inline(__always)
    func admits(byteCount: Int, lowered: UnsafeBufferPointer<UInt8>, ascii: Bool) -> Bool {
        let exact = ascii || !caseInsensitive
        if byteCount < (exact ? minimumLength : minimumLengthWithoutLiterals) { return false }
        guard exact else { return true }
        for literal in literals where !ByteSearch.contains(lowered, literal) { return false }
        return true
    }
}

/// Reads a regular expression's structure far enough for `SigmaRegexPrefilter`: the shortest match and the
/// top-level literal runs.
private struct RegexScanner {
    struct Lengths {
        var withLiterals = 0
        var withoutLiterals = 0
    }

    let chars: [Unicode.Scalar]
    var i = 0
    var ignoresCase = false
    /// Literal runs of the top level (empty when it has alternatives).
    var runs: [[Unicode.Scalar]] = []
    private var run: [Unicode.Scalar] = []

    init(_ chars: [Unicode.Scalar]) { self.chars = chars }

    var atEnd: Bool { i >= chars.count }

    /// Alternatives up to the closing `)` of the group (not consumed) or the end; `nil` when not understood.
    mutating func alternatives(depth: Int) -> Lengths? {
        var best: Lengths?
        var branch = Lengths()
        var branches = 1
        while i < chars.count, chars[i] != ")" {
            if chars[i] == "|" {
                i += 1
                best = Self.shorter(best, branch)
                branch = Lengths()
                branches += 1
                continue
            }
            guard let item = self.item(depth: depth) else { return nil }
            guard let lower = quantifier() else { return nil }
            branch.withLiterals = Self.add(branch.withLiterals, Self.times(item.lengths.withLiterals, lower))
            branch.withoutLiterals = Self.add(branch.withoutLiterals, Self.times(item.lengths.withoutLiterals, lower))
            if depth == 0 {
                if let literal = item.literal, lower >= 1 {
                    run.append(literal)
                    if lower != 1 || quantified { breakRun() }
                } else {
                    breakRun()
                }
            }
        }
        if depth == 0 {
            breakRun()
            if branches > 1 { runs = [] }
        }
        return Self.shorter(best, branch)
    }

    /// Whether the last quantifier read allows other counts than one (`+`, `{1,}`).
    private var quantified = false

    private mutating func breakRun() {
        if !run.isEmpty { runs.append(run) }
        run = []
    }

    private static func shorter(_ a: Lengths?, _ b: Lengths) -> Lengths {
        guard let a else { return b }
        return Lengths(withLiterals: min(a.withLiterals, b.withLiterals), withoutLiterals: min(a.withoutLiterals, b.withoutLiterals))
    }

    private static let cap = 1 << 20
    private static func add(_ a: Int, _ b: Int) -> Int { min(cap, a + b) }
    private static func times(_ a: Int, _ b: Int) -> Int { min(cap, a * min(b, cap)) }

    /// One item: its shortest length and, for a single literal character, the character.
    private mutating func item(depth: Int) -> (lengths: Lengths, literal: Unicode.Scalar?)? {
        let c = chars[i]
        let one = Lengths(withLiterals: 1, withoutLiterals: 1)
        let none = Lengths()
        switch c {
        case "(":
            i += 1
            return group(depth: depth).map { ($0, nil) }
        case "[":
            guard skipClass() else { return nil }
            return (one, nil)
        case ".":
            i += 1
            return (one, nil)
        case "^", "$":
            i += 1
            return (none, nil)
        case "*", "+", "?", "{":
            return nil  // a quantifier with nothing before it
        case "\\":
            return escape()
        default:
            i += 1
            return (Lengths(withLiterals: 1, withoutLiterals: 0), c)
        }
    }

    /// A group after its `(`, up to and with its `)`.
    private mutating func group(depth: Int) -> Lengths? {
        var zeroWidth = false
        if i < chars.count, chars[i] == "?" {
            i += 1
            guard i < chars.count else { return nil }
            switch chars[i] {
            case ":", ">":
                i += 1
            case "=", "!":
                i += 1
                zeroWidth = true
            case "#":
                while i < chars.count, chars[i] != ")" { i += 1 }
                guard i < chars.count else { return nil }
                i += 1
                return Lengths()
            case "<":
                i += 1
                guard i < chars.count else { return nil }
                if chars[i] == "=" || chars[i] == "!" {
                    i += 1
                    zeroWidth = true
                } else {
                    while i < chars.count, chars[i] != ">" { i += 1 }  // a named group
                    guard i < chars.count else { return nil }
                    i += 1
                }
            default:
                // Flags: (?i) (?i-m) (?i:…)
                var on = true
                while i < chars.count, chars[i] != ")", chars[i] != ":" {
                    switch chars[i] {
                    case "-": on = false
                    case "i": if on { ignoresCase = true }
                    case "x": return nil  // extended mode: spaces and comments are not text
                    case "m", "s", "w", "u", "U", "d": break
                    default: return nil
                    }
                    i += 1
                }
                guard i < chars.count else { return nil }
                if chars[i] == ")" {
                    i += 1
                    return Lengths()
                }
                i += 1
            }
        }
        guard let inner = alternatives(depth: depth + 1), i < chars.count, chars[i] == ")" else { return nil }
        i += 1
        return zeroWidth ? Lengths() : inner
    }

    /// A character class from its `[` to its `]`, nested classes included.
    private mutating func skipClass() -> Bool {
        var depth = 0
        var first = true
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                i += 2
                first = false
                continue
            }
            if c == "[" {
                depth += 1
                i += 1
                first = true
                if i < chars.count, chars[i] == "^" { i += 1 }
                continue
            }
            if c == "]", !first {
                depth -= 1
                i += 1
                if depth == 0 { return true }
                continue
            }
            first = false
            i += 1
        }
        return false
    }

    /// An escape from its backslash.
    private mutating func escape() -> (lengths: Lengths, literal: Unicode.Scalar?)? {
        guard i + 1 < chars.count else { return nil }
        let e = chars[i + 1]
        i += 2
        let one = Lengths(withLiterals: 1, withoutLiterals: 1)
        // One given character: ignoring case, with others it may match fewer characters (`ss` matches `ß`).
        let character = Lengths(withLiterals: 1, withoutLiterals: 0)
        switch e {
        case "b", "B", "A", "Z", "z", "G":
            return (Lengths(), nil)
        case "d", "D", "w", "W", "s", "S", "h", "H", "v", "V", "R", "X", "t", "n", "r", "f", "a", "e":
            return (one, nil)
        case "p", "P", "N":
            if i < chars.count, chars[i] == "{" {
                while i < chars.count, chars[i] != "}" { i += 1 }
                guard i < chars.count else { return nil }
                i += 1
            } else if e != "N" {
                i += 1
            }
            return (e == "N" ? character : one, nil)
        case "x":
            if i < chars.count, chars[i] == "{" {
                while i < chars.count, chars[i] != "}" { i += 1 }
                guard i < chars.count else { return nil }
                i += 1
            } else {
                i += 2
            }
            return (character, nil)
        case "u":
            i += 4
            return (character, nil)
        case "U":
            i += 8
            return (character, nil)
        case "c":
            i += 1
            return (character, nil)
        case "0":
            var digits = 0
            while digits < 3, i < chars.count, ("0"..."7").contains(chars[i]) { i += 1; digits += 1 }
            return (character, nil)
        case "1"..."9":
            while i < chars.count, ("0"..."9").contains(chars[i]) { i += 1 }
            return (Lengths(), nil)  // a back reference may match nothing
        case "k":
            guard i < chars.count, chars[i] == "<" else { return nil }
            while i < chars.count, chars[i] != ">" { i += 1 }
            guard i < chars.count else { return nil }
            i += 1
            return (Lengths(), nil)
        case "Q":
            // Quoted up to \E: each character literal.
            var count = 0
            while i < chars.count, !(chars[i] == "\\" && i + 1 < chars.count && chars[i + 1] == "E") {
                count += 1
                i += 1
            }
            if i < chars.count { i += 2 }
            return (Lengths(withLiterals: count, withoutLiterals: 0), nil)
        case "E":
            return (Lengths(), nil)
        default:
            if e.properties.isAlphabetic || e.properties.numericType != nil { return nil }
            return (Lengths(withLiterals: 1, withoutLiterals: 0), e)
        }
    }

    /// The quantifier after an item, read: its lower bound (1 when there is none); `nil` when malformed.
    private mutating func quantifier() -> Int? {
        quantified = false
        guard i < chars.count else { return 1 }
        var lower: Int
        switch chars[i] {
        case "*": lower = 0; i += 1
        case "?": lower = 0; i += 1
        case "+": lower = 1; i += 1; quantified = true
        case "{":
            var j = i + 1
            var n = 0
            var digits = 0
            while j < chars.count, let d = chars[j].properties.numericType == .decimal ? Int(String(chars[j])) : nil {
                n = min(Self.cap, n * 10 + d)
                digits += 1
                j += 1
            }
            guard digits > 0, j < chars.count else { return nil }
            var exact = true
            if chars[j] == "," {
                exact = false
                j += 1
                while j < chars.count, chars[j].properties.numericType == .decimal { j += 1 }
            }
            guard j < chars.count, chars[j] == "}" else { return nil }
            i = j + 1
            lower = n
            quantified = !exact || n != 1
        default:
            return 1
        }
        // Lazy or possessive forms.
        if i < chars.count, chars[i] == "?" || chars[i] == "+" { i += 1 }
        return lower
    }
}
