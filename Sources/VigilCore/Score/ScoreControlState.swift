/// The `state` of a `secureScoreControlStateUpdate` (spec §5.3): what an administrator said about a control.
public enum ScoreControlState: String, Sendable, CaseIterable {
    /// Nothing was said; the control scores as its check (or, for a manual control, as not done) says.
    case `default` = "Default"
    /// The risk is accepted: the control is left out of both the current and the maximum score.
    case ignored = "Ignored"
    /// A third-party product covers it: the control scores full.
    case thirdParty = "ThirdParty"
    /// Reviewed: a manual control scores full; an automatic one still scores as its check says.
    case reviewed = "Reviewed"

    /// Reads a state case-insensitively (`reviewed`, `THIRDPARTY`); `nil` for anything else.
    public init?(caseInsensitive text: String) {
        guard let state = Self.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else { return nil }
        self = state
    }

    /// The latest state of a control's updates (`Default` when there is none or the latest is unreadable).
    public static func latest(of updates: [SecureScoreControlStateUpdate]) -> ScoreControlState {
        updates.last?.state.flatMap(ScoreControlState.init(caseInsensitive:)) ?? .default
    }
}
