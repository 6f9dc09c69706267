/// Reads the delivery backlog of a tenant from the subscriptions and the notification outbox.
public protocol DeliveryBacklogRepository: Sendable {
    /// - Parameters:
    ///   - deadSince: epoch seconds; dead letters at or after it count.
    ///   - pendingBefore: epoch seconds; pending entries created before it count as stale.
    ///   - now: epoch seconds; subscriptions expiring after it count.
    func backlog(tenantId: String, deadSince: Double, pendingBefore: Double, now: Double) async throws -> DeliveryBacklog
}
