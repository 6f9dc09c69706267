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

/// Reads the delivery backlog of a tenant from the subscriptions and the notification outbox.
public protocol DeliveryBacklogRepository: Sendable {
    /// - Parameters:
    ///   - deadSince: epoch seconds; dead letters at or after it count.
    ///   - pendingBefore: epoch seconds; pending entries created before it count as stale.
    ///   - now: epoch seconds; subscriptions expiring after it count.
    func backlog(tenantId: String, deadSince: Double, pendingBefore: Double, now: Double) async throws -> DeliveryBacklog
}
