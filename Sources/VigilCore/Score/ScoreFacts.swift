/// What was observed for one check of one tenant at compute time: the input of `ScoreCheck.evaluate`.
public enum ScoreFacts: Sendable, Equatable {
    /// The tenant's enabled remote providers and whether each is healthy.
    case providers([Provider])
    /// Active, unexpired indicators and the newest ingestion time among them.
    case indicators(active: Int, newestIngestion: DateTimeOffset?)
    /// Alerts of the check's severity older than its age limit (`due`), and how many of them are still
    /// `newAlert` (`untriaged`).
    case alerts(due: Int, untriaged: Int)
    /// The tenant's live subscriptions, notifications dead-lettered in the window, and notifications
    /// pending longer than the limit.
    case webhooks(subscriptions: Int, recentDeadLetters: Int, stalePending: Int)
    /// The exporters that carry the tenant's alerts.
    case exporters([Exporter])

    /// One remote provider's health.
    public struct Provider: Sendable, Equatable {
        public var name: String
        public var healthy: Bool
        public init(name: String, healthy: Bool) {
            self.name = name
            self.healthy = healthy
        }
    }

    /// One exporter's position and health.
    public struct Exporter: Sendable, Equatable {
        public var name: String
        /// Changes in the feed it has not delivered yet.
        public var lag: Int64
        /// Whether its last error is newer than its last success.
        public var failing: Bool
        public init(name: String, lag: Int64, failing: Bool) {
            self.name = name
            self.lag = lag
            self.failing = failing
        }
    }
}
