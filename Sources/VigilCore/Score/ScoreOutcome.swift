/// How one control scored: the fraction of its `maxScore` earned, or excluded from the score.
public struct ScoreOutcome: Sendable, Equatable {
    /// The fraction of `maxScore` earned, 0...1; `nil` when the control is excluded (not applicable, or
    /// `Ignored`) and counts in neither the current nor the maximum score.
    public var fraction: Double?
    /// `passed`, `partial`, `failed` or `excluded` (written as `@vigil.state`).
    public var state: String
    /// What was observed, in words (written as `@vigil.detail`).
    public var detail: String

    public init(fraction: Double?, state: String, detail: String) {
        self.fraction = fraction
        self.state = state
        self.detail = detail
    }

    /// An outcome earning `fraction`, named after it.
    public static func scored(_ fraction: Double, _ detail: String) -> ScoreOutcome {
        let clamped = min(1, max(0, fraction))
        return ScoreOutcome(fraction: clamped, state: clamped >= 1 ? "passed" : clamped <= 0 ? "failed" : "partial",
                            detail: detail)
    }

    /// An outcome left out of the score.
    public static func excluded(_ detail: String) -> ScoreOutcome {
        ScoreOutcome(fraction: nil, state: "excluded", detail: detail)
    }
}
