/// A regular expression in the subset SigmaHQ rules use, matched in time linear in the text's length
/// (times the expression's size) with the same yes/no answer as ICU's `NSRegularExpression`.
struct LinearRegex {
    let machine: LinearRegexMachine
    /// For an expression that is one class repeated at least `n` times (`.{1000,}`), that class and `n`:
    /// it matches where `n` scalars of the class follow one another, which one scan finds. The machine
    /// would keep up to `n` threads alive per scalar.
    let run: (ScalarClass, Int)?
    /// Whether any part of the expression ignores case, which a text needing full case folding (`ß`) can
    /// make differ from ICU.
    let ignoresCase: Bool

    /// The expression, or `nil` when it uses something outside the subset (see `LinearRegexParser`) or is
    /// too large once counted repetitions are spelled out.
    init?(_ pattern: String, caseInsensitive: Bool, dotAll: Bool) {
        guard let node = LinearRegexParser.parse(pattern, caseInsensitive: caseInsensitive, dotAll: dotAll),
              let program = LinearRegexProgram(node) else { return nil }
        machine = LinearRegexMachine(program: program)
        if case .repetition(.character(let set), let min, _) = node, min > 1 { run = (set, min) } else { run = nil }
        ignoresCase = caseInsensitive || pattern.contains("(?i")
    }

    /// Whether this matcher answers for `text` as ICU would: always, except when case is ignored and
    /// the text holds a scalar whose case folding is several scalars.
    func handles(_ text: UnsafeBufferPointer<UInt8>, ascii: Bool) -> Bool {
        ascii || !ignoresCase || !LinearRegexText.needsFullCaseFolding(text)
    }

    /// Whether the expression matches anywhere in `text` (valid UTF-8).
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let (set, count) = run else { return machine.matches(text) }
        var offset = 0, length = 0
        while offset < text.count {
            let (c, n) = LinearRegexText.decode(text, offset)
            offset += n
            length = set.contains(c) ? length + 1 : 0
            if length >= count { return true }
        }
        return false
    }
}
