import Foundation

/// A compiled `re` value, equal to another with the same pattern and options. `NSRegularExpression` is
/// immutable and documented as safe to use from several threads at once, which is what makes this wrapper
/// `Sendable`.
struct SigmaRegex: @unchecked Sendable, Hashable {
    let pattern: String
    let options: NSRegularExpression.Options
    let regex: NSRegularExpression
    /// Checks that rule most values out before the expression runs.
    let prefilter: SigmaRegexPrefilter

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
    }

    /// Whether the expression matches anywhere in the text (unanchored).
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Whether the expression matches anywhere in an event's value; the prefilter first.
    func matches(_ view: SigmaEventView, _ value: SigmaEventView.Value) -> Bool {
        let admitted = view.bytes.withUnsafeBufferPointer { buffer in
            let lowered = UnsafeBufferPointer(rebasing: buffer[Int(value.lowerStart)..<Int(value.lowerStart + value.lowerLength)])
            return prefilter.admits(byteCount: Int(value.length), lowered: lowered, ascii: value.ascii)
        }
        return admitted && matches(view.original(value))
    }
}
