import Logging
import VigilCore
import VigilStorage

/// What the security actions API and its runner share.
public struct ActionServices: Sendable {
    public let repository: any SecurityActionRepository
    public let routing: ActionRouting
    /// Wakes the runner when an action is created or cancelled.
    public let signal: ChangeSignal
    public let settings: ActionSettings

    public init(repository: any SecurityActionRepository, routing: ActionRouting, signal: ChangeSignal, settings: ActionSettings) {
        self.repository = repository
        self.routing = routing
        self.signal = signal
        self.settings = settings
    }

    /// The runner Service.
    public func runner(logger: Logger, health: HealthRegistry? = nil) -> SecurityActionRunner {
        SecurityActionRunner(repository: repository, routing: routing, signal: signal, settings: settings, logger: logger,
                             health: health)
    }
}
