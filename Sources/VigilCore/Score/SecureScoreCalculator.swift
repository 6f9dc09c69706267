/// Builds a tenant's `secureScore` from its controls' outcomes and the remote providers' scores. Pure: the
/// observations come in, the entity goes out.
///
/// Rules (see the README, "Secure score"):
/// - An automatic control scores `maxScore × fraction` from its check; a manual one scores from its latest
///   `controlStateUpdates` state: `Reviewed` or `ThirdParty` → full, `Default` (or none) → 0.
/// - On either kind, `Ignored` leaves the control out of both the current and the maximum score, and
///   `ThirdParty` scores it full; `Reviewed` does not change an automatic control's score.
/// - Scores are rounded to two decimals; `currentScore` and `maxScore` are the sums of the counted controls
///   plus each remote provider's latest `currentScore` and `maxScore`.
public enum SecureScoreCalculator {
    /// One local control with what was observed for it.
    public struct ControlInput: Sendable {
        /// The catalog control.
        public var control: ScoreControl
        /// The tenant's state updates of the control, oldest first.
        public var updates: [SecureScoreControlStateUpdate]
        /// The check's outcome (automatic controls), `nil` for a manual control.
        public var checkOutcome: ScoreOutcome?

        public init(control: ScoreControl, updates: [SecureScoreControlStateUpdate], checkOutcome: ScoreOutcome?) {
            self.control = control
            self.updates = updates
            self.checkOutcome = checkOutcome
        }
    }

    /// What one remote provider contributed: its latest score and its profiles, or why it could not.
    public struct RemoteInput: Sendable {
        /// The provider's name in the configuration (written as `@vigil.provider`).
        public var name: String
        /// Its newest `secureScore` (`nil`: it has none).
        public var score: SecureScore?
        /// Its control profiles (their `maxScore` annotates its `controlScores`).
        public var profiles: [SecureScoreControlProfile]
        /// The HTTP status and message of a failed fetch.
        public var failure: (status: Int, message: String)?

        public init(name: String, score: SecureScore?, profiles: [SecureScoreControlProfile],
                    failure: (status: Int, message: String)? = nil) {
            self.name = name
            self.score = score
            self.profiles = profiles
            self.failure = failure
        }
    }

    /// On a remote `controlScore` and profile: the provider's name in the configuration.
    public static let providerAnnotation = "@vigil.provider"
    /// On a `controlScore`: what it counted towards `maxScore` (0 when left out).
    public static let maxScoreAnnotation = "@vigil.maxScore"
    /// On a local `controlScore`: `passed`, `partial`, `failed` or `excluded`.
    public static let stateAnnotation = "@vigil.state"
    /// On a local `controlScore`: what was observed, in words.
    public static let detailAnnotation = "@vigil.detail"
    /// On a snapshot with remote providers: each one's `provider`, `scoreId`, `currentScore`, `maxScore`.
    public static let providerScoresAnnotation = "@vigil.providerScores"
    /// On a snapshot with remote providers: each failed one's `provider`, `status`, `message`.
    public static let providerErrorsAnnotation = "@vigil.providerErrors"

    /// The `Vigil`/`Vigil` vendor information of Vigil's own scores and controls.
    public static var vigilVendor: SecurityVendorInformation {
        var v = SecurityVendorInformation()
        v.provider = "Vigil"
        v.vendor = "Vigil"
        return v
    }

    /// The UTC day (`yyyy-MM-dd`) of an instant.
    public static func day(of instant: DateTimeOffset) -> String { String(instant.iso8601.prefix(10)) }

    /// A snapshot's id: `{tenantId}_{yyyy-MM-dd}`.
    public static func id(tenantId: String, day: String) -> String { "\(tenantId)_\(day)" }

    /// `value` rounded to two decimals.
    public static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// How a control scores once its latest state is taken into account (the rules above).
    public static func outcome(of input: ControlInput) -> ScoreOutcome {
        let state = ScoreControlState.latest(of: input.updates)
        switch state {
        case .ignored:
            return .excluded("Marked Ignored: left out of the current and the maximum score.")
        case .thirdParty:
            return .scored(1, "Marked ThirdParty: covered by a third-party product.")
        case .reviewed, .default:
            if input.control.check != nil {
                return input.checkOutcome ?? .scored(0, "The check could not be evaluated.")
            }
            return state == .reviewed ? .scored(1, "Marked Reviewed.")
                                      : .scored(0, "Not reviewed yet (state Default).")
        }
    }

    /// The `controlScore` of a local control.
    public static func controlScore(_ input: ControlInput) -> ControlScore {
        let result = outcome(of: input)
        var score = ControlScore()
        score.controlName = input.control.id
        score.controlCategory = input.control.controlCategory
        score.description = input.control.description ?? input.control.title
        score.score = result.fraction.map { round2(input.control.maxScore * $0) } ?? 0
        score.passthrough.properties[maxScoreAnnotation] = .double(result.fraction == nil ? 0 : input.control.maxScore)
        score.passthrough.properties[stateAnnotation] = .string(result.state)
        score.passthrough.properties[detailAnnotation] = .string(result.detail)
        return score
    }

    /// The tenant's score at `now` (without `averageComparativeScores`, which needs every tenant's score).
    public static func score(tenantId: String, at now: DateTimeOffset, controls: [ControlInput],
                             remotes: [RemoteInput]) -> SecureScore {
        var s = SecureScore()
        s.id = id(tenantId: tenantId, day: day(of: now))
        s.azureTenantId = tenantId
        s.createdDateTime = now
        s.vendorInformation = vigilVendor
        var controlScores: [ControlScore] = []
        var current = 0.0
        var maximum = 0.0
        var services: Set<String> = []
        for input in controls {
            let score = controlScore(input)
            controlScores.append(score)
            current += score.score ?? 0
            guard score.passthrough.properties[stateAnnotation] != .string("excluded") else { continue }
            maximum += input.control.maxScore
            services.insert("Has" + input.control.service)
        }
        var providerScores: [JSONValue] = []
        var providerErrors: [JSONValue] = []
        var activeUsers: Int32?
        var licensedUsers: Int32?
        for remote in remotes {
            if let failure = remote.failure {
                providerErrors.append(["provider": .string(remote.name), "status": .int(Int64(failure.status)),
                                       "message": .string(failure.message)])
                continue
            }
            guard let score = remote.score else { continue }
            let maxByControl = Dictionary(remote.profiles.compactMap { p in p.id.flatMap { id in p.maxScore.map { (id, $0) } } },
                                          uniquingKeysWith: { first, _ in first })
            for var control in score.controlScores ?? [] {
                control.passthrough.properties[providerAnnotation] = .string(remote.name)
                if control.passthrough.properties[maxScoreAnnotation] == nil,
                   let name = control.controlName, let max = maxByControl[name] {
                    control.passthrough.properties[maxScoreAnnotation] = .double(max)
                }
                controlScores.append(control)
            }
            let remoteCurrent = score.currentScore ?? (score.controlScores ?? []).reduce(0) { $0 + ($1.score ?? 0) }
            current += remoteCurrent
            maximum += score.maxScore ?? 0
            services.formUnion(score.enabledServices ?? [])
            if let n = score.activeUserCount { activeUsers = (activeUsers ?? 0) + n }
            if let n = score.licensedUserCount { licensedUsers = (licensedUsers ?? 0) + n }
            var entry: [String: JSONValue] = ["provider": .string(remote.name), "currentScore": .double(remoteCurrent),
                                              "maxScore": .double(score.maxScore ?? 0)]
            if let id = score.id { entry["scoreId"] = .string(id) }
            if let created = score.createdDateTime { entry["createdDateTime"] = .string(created.iso8601) }
            providerScores.append(.object(entry))
        }
        s.currentScore = round2(current)
        s.maxScore = round2(maximum)
        s.controlScores = controlScores
        s.enabledServices = services.sorted()
        s.activeUserCount = activeUsers
        s.licensedUserCount = licensedUsers
        s.averageComparativeScores = []
        if !remotes.isEmpty {
            s.passthrough.properties[providerScoresAnnotation] = .array(providerScores)
            s.passthrough.properties[providerErrorsAnnotation] = .array(providerErrors)
        }
        return s
    }

    /// The `AllTenants` comparison: the average of the tenants' latest current scores.
    public static func allTenantsAverage(_ scores: [Double]) -> AverageComparativeScore {
        var average = AverageComparativeScore()
        average.basis = "AllTenants"
        average.averageScore = scores.isEmpty ? 0 : round2(scores.reduce(0, +) / Double(scores.count))
        return average
    }
}
