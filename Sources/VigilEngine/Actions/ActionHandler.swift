import VigilCore
import VigilStorage

/// What a handler made of an action.
public enum ActionOutcome: Sendable, Equatable {
    case completed
    case failed(code: Int32, message: String)
    /// Carried out elsewhere and not finished: look again after `after` seconds (`remoteId` names it there).
    case running(remoteId: String?, after: Double)
    /// Could not be handed over this time (a receiver down): try again after `after` seconds.
    case retry(after: Double, message: String)
}

/// Carries out security actions for one kind of target (Vigil itself, a remote provider, a webhook).
public protocol ActionHandler: Sendable {
    /// Starts the action.
    func start(_ record: SecurityActionRecord) async -> ActionOutcome
    /// Looks at an action it reported running.
    func poll(_ record: SecurityActionRecord) async -> ActionOutcome
    /// Asks the target to cancel a running action; `nil` when the target cannot cancel.
    func cancel(_ record: SecurityActionRecord) async -> ActionOutcome?
}

extension ActionHandler {
    public func poll(_ record: SecurityActionRecord) async -> ActionOutcome { .completed }
    public func cancel(_ record: SecurityActionRecord) async -> ActionOutcome? { nil }
}
