import Foundation

/// A compiled `re` value, equal to another with the same pattern and options. `NSRegularExpression` is
/// immutable and documented as safe to use from several threads at once, which is what makes this wrapper
/// `Sendable`.
struct SigmaRegex: @unchecked Sendable, Hashable {
    let pattern: String
    let options: NSRegularExpression.Options
    let regex: NSRegularExpression

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
    }

    /// Whether the expression matches anywhere in the text (unanchored).
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
