/// The syntax tree of a regular expression in the subset the linear-time matcher runs: classes of
/// characters, anchors, word boundaries, concatenation, alternation and bounded or unbounded repetition.
/// Groups of every kind the subset allows are kept only for their structure: nothing is captured, since
/// a Sigma `re` value asks only whether the expression matches.
indirect enum LinearRegexNode: Equatable {
    /// Matches the empty string.
    case empty
    /// One character of a class (a literal is a class of one).
    case character(ScalarClass)
    /// Each part in turn.
    case sequence([LinearRegexNode])
    /// Any one of the alternatives.
    case alternatives([LinearRegexNode])
    /// The node from `min` to `max` times (`nil`: no upper bound). Lazy and greedy repetition are the
    /// same for a yes/no answer.
    case repetition(LinearRegexNode, min: Int, max: Int?)
    /// A zero-width test of the position.
    case assertion(LinearRegexAssertion)
}

/// A zero-width test of a position in the text.
enum LinearRegexAssertion: UInt8, Equatable {
    /// `^` without the multiline option: the start of the text.
    case start
    /// `$` without the multiline option: the end of the text, or just before a line terminator that ends it
    /// (ICU also allows CR LF there).
    case end
    /// `\b`: between a word character and a non-word character (or an end of the text).
    case wordBoundary
    /// `\B`: not at a word boundary.
    case notWordBoundary
}
