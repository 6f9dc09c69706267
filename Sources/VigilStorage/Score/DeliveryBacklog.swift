/// How a tenant's webhook deliveries fare, as the secure score's `webhooksDelivering` check sees them.
public struct DeliveryBacklog: Sendable, Equatable {
    /// Subscriptions not yet expired.
    public var subscriptions: Int
    /// Notifications dead-lettered since the window's start.
    public var recentDeadLetters: Int
    /// Notifications still pending that were queued before the staleness limit.
    public var stalePending: Int

    public init(subscriptions: Int, recentDeadLetters: Int, stalePending: Int) {
        self.subscriptions = subscriptions
        self.recentDeadLetters = recentDeadLetters
        self.stalePending = stalePending
    }
}
