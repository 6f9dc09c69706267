/// The status lifecycle of a security action: `notStarted → running → completed | failed`, and
/// `notStarted → failed` (refused before it ran, or cancelled). Every transition appends a
/// `securityActionState` and moves `lastActionDateTime`; a finished action has `completedDateTime`.
extension SecurityAction {
    /// Where an action is in its lifecycle, read case-insensitively from `status`.
    public enum Phase: String, Sendable, CaseIterable {
        case notStarted, running, completed, failed

        /// The `operationStatus` value written, in the CSDL's spelling (`NotStarted`, `Running`, `Completed`,
        /// `Failed`; Graph's prose examples show camel case, its schema does not accept it).
        public var status: OperationStatus { OperationStatus(canonicalizing: rawValue) }

        /// Whether no further transition is possible.
        public var isFinished: Bool { self == .completed || self == .failed }

        /// The phases reachable from this one.
        public var next: Set<Phase> {
            switch self {
            case .notStarted: [.running, .failed]
            case .running: [.completed, .failed]
            case .completed, .failed: []
            }
        }
    }

    /// The current phase (`nil` for a status Vigil does not know).
    public var phase: Phase? {
        guard let raw = status?.rawValue.lowercased() else { return nil }
        return Phase.allCases.first { $0.rawValue.lowercased() == raw }
    }

    /// Starts the lifecycle of a new action: `notStarted`, with its first state.
    public mutating func begin(appId: String?, user: String?, at now: DateTimeOffset) {
        status = Phase.notStarted.status
        createdDateTime = now
        lastActionDateTime = now
        completedDateTime = nil
        errorInfo = nil
        states = [Self.state(.notStarted, appId: appId, user: user, at: now)]
    }

    /// Moves the action to `phase`.
    ///
    /// - Parameters:
    ///   - error: what went wrong, for `failed`.
    /// - Throws: `VigilError` (409) when the transition is not allowed from the current phase.
    public mutating func transition(to phase: Phase, appId: String?, user: String?, at now: DateTimeOffset,
                                    error: ResultInfo? = nil) throws(VigilError)
    {
        let current = self.phase ?? .notStarted
        guard current.next.contains(phase) else {
            throw VigilError(.conflict, "The security action is \(current.rawValue); it cannot become \(phase.rawValue).")
        }
        status = phase.status
        lastActionDateTime = now
        if phase.isFinished { completedDateTime = now }
        if phase == .failed { errorInfo = error }
        states = (states ?? []) + [Self.state(phase, appId: appId, user: user, at: now)]
    }

    static func state(_ phase: Phase, appId: String?, user: String?, at now: DateTimeOffset) -> SecurityActionState {
        var state = SecurityActionState()
        state.appId = appId
        state.status = phase.status
        state.updatedDateTime = now
        state.user = user
        return state
    }

    /// The value of a parameter, by name ignoring letter case (first of the names that is present).
    public func parameter(_ names: String...) -> String? {
        for name in names {
            if let value = parameters?.first(where: { $0.name?.lowercased() == name.lowercased() })?.value { return value }
        }
        return nil
    }
}

extension ResultInfo {
    /// A result with a code and message.
    public init(code: Int32, message: String, subcode: Int32? = nil) {
        self.init()
        self.code = code
        self.message = message
        self.subcode = subcode
    }
}
