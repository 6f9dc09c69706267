import Foundation

/// A compiled `re` value, equal to another with the same pattern and options.
///
/// Event values are attacker-supplied, and ICU's backtracking can take time exponential or polynomial of
/// high degree in a value's length (`\+.*\+.*…` fourteen times on a long command line). So an expression
/// within the subset `LinearRegexParser` accepts — every `re` of the SigmaHQ rules — runs on the linear-time
/// `LinearRegex`. ICU runs only expressions outside it and, for case-insensitive ones, values holding a
/// scalar whose case folding is several (`ß`); it is then given at most the first `icuLengthLimit` UTF-16
/// units of the value, and each such cut is counted in `counter`; and it is stopped after `icuTimeBudget`
/// (an expression outside the subset, with lookaround or backreferences, can still backtrack exponentially
/// on 4 KiB), which counts as no match and is counted too.
///
/// `NSRegularExpression` is immutable and documented as safe to use from several threads at once; the
/// linear matcher is immutable; the counter is atomic. That is what makes this wrapper `Sendable`.
struct SigmaRegex: @unchecked Sendable, Hashable {
    let pattern: String
    let options: NSRegularExpression.Options
    let regex: NSRegularExpression
    /// The linear-time matcher, when the pattern is within its subset.
    let linear: LinearRegex?
    /// Checks that rule most values out before the expression runs.
    let prefilter: SigmaRegexPrefilter
    /// Evaluations given to ICU on a cut value.
    let counter = SigmaRegexCounter()

    /// The most UTF-16 units of a value ICU is given (4 KiB of them); the rest of the value is not looked at.
    static let icuLengthLimit = 4096
    /// The longest one ICU evaluation may run before it is stopped (checked as ICU reports progress).
    static let icuTimeBudget: Duration = .milliseconds(20)

    static func == (lhs: SigmaRegex, rhs: SigmaRegex) -> Bool {
        lhs.pattern == rhs.pattern && lhs.options == rhs.options
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(options.rawValue)
    }

    /// Compiles a pattern with the `re` sub-modifiers.
    init(_ pattern: String, caseInsensitive: Bool, multiline: Bool, dotAll: Bool) throws(SigmaRuleError) {
        var options: NSRegularExpression.Options = []
        if caseInsensitive { options.insert(.caseInsensitive) }
        if multiline { options.insert(.anchorsMatchLines) }
        if dotAll { options.insert(.dotMatchesLineSeparators) }
        do {
            regex = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            throw SigmaRuleError(.invalidRegex, "'\(pattern)' does not compile")
        }
        self.pattern = pattern
        self.options = options
        prefilter = SigmaRegexPrefilter(pattern: pattern, caseInsensitive: caseInsensitive)
        linear = multiline ? nil : LinearRegex(pattern, caseInsensitive: caseInsensitive, dotAll: dotAll)
    }

    /// Whether ICU matches the expression anywhere in the whole text (unanchored), however long that
    /// takes: the reference the linear matcher is tested against.
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Whether ICU finds a match within `budget`; `nil` when it was stopped first. ICU calls back as it
    /// progresses through a long search, and the callback stops it once the budget is spent.
    func matches(_ text: String, budget: Duration) -> Bool? {
        let deadline = ContinuousClock.now + budget
        var found = false
        var stopped = false
        regex.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) { result, _, stop in
            if result != nil {
                found = true
                stop.pointee = true
            } else if ContinuousClock.now >= deadline {
                stopped = true
                stop.pointee = true
            }
        }
        return found ? true : (stopped ? nil : false)
    }

    /// Whether ICU matches the expression in the first `icuLengthLimit` UTF-16 units of the text (cut
    /// before a scalar) within `icuTimeBudget`, counting the evaluation in `counter` when the text was longer
    /// or the budget ran out (then it counts as no match).
    func cappedMatches(_ text: String) -> Bool {
        let utf16 = text.utf16
        var value = text
        if utf16.count > Self.icuLengthLimit {
            counter.recordCapped()
            var end = utf16.index(utf16.startIndex, offsetBy: Self.icuLengthLimit)
            while end > utf16.startIndex, UTF16.isTrailSurrogate(utf16[end]) { end = utf16.index(before: end) }
            value = String(text[..<end])
        }
        guard let matched = matches(value, budget: Self.icuTimeBudget) else {
            counter.recordTimedOut()
            return false
        }
        return matched
    }

    /// Whether the expression matches anywhere in UTF-8 text: the linear matcher when it can answer,
    /// otherwise ICU on at most `icuLengthLimit` UTF-16 units.
    func matches(utf8 text: UnsafeBufferPointer<UInt8>, ascii: Bool) -> Bool {
        if let linear, linear.handles(text, ascii: ascii) { return linear.matches(text) }
        return cappedMatches(String(decoding: text, as: UTF8.self))
    }

    /// Whether the expression matches anywhere in an event's value; the prefilter first.
    func matches(_ view: SigmaEventView, _ value: SigmaEventView.Value) -> Bool {
        view.bytes.withUnsafeBufferPointer { buffer in
            let lowered = UnsafeBufferPointer(rebasing: buffer[Int(value.lowerStart)..<Int(value.lowerStart + value.lowerLength)])
            guard prefilter.admits(byteCount: Int(value.length), lowered: lowered, ascii: value.ascii) else { return false }
            let original = UnsafeBufferPointer(rebasing: buffer[Int(value.start)..<Int(value.start + value.length)])
            return matches(utf8: original, ascii: value.ascii)
        }
    }
}
