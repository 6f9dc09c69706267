import VigilCore

/// Storage of webhook subscriptions, always scoped by tenant.
public protocol SubscriptionRepository: Sendable {
    /// Stores a new subscription.
    func create(_ subscription: SubscriptionRecord) async throws
    /// One subscription of a tenant.
    func subscription(tenantId: String, id: String) async throws -> SubscriptionRecord?
    /// A tenant's subscriptions, oldest first; only those of `appId` when given.
    func subscriptions(tenantId: String, appId: String?) async throws -> [SubscriptionRecord]
    /// Every subscription of every tenant that has not expired at `now` (for routing changes).
    func active(at now: DateTimeOffset) async throws -> [SubscriptionRecord]
    /// Replaces a stored subscription (same tenant and id); `false` when there is none.
    func update(_ subscription: SubscriptionRecord) async throws -> Bool
    /// Deletes a subscription and its undelivered notifications; `false` when there was none.
    func delete(tenantId: String, id: String) async throws -> Bool
    /// Deletes subscriptions that expired before `cutoff` and have nothing left to deliver; returns them.
    func deleteExpired(before cutoff: DateTimeOffset) async throws -> [SubscriptionRecord]
    /// A number that changes whenever any subscription is created, changed or deleted (in any process).
    func generation() async throws -> Int64
}
