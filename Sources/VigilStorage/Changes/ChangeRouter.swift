import VigilCore

/// Decides, inside the transaction that stores a change, which subscriptions receive it. The alert store
/// writes one outbox entry per subscription id returned, in that same transaction.
public protocol ChangeRouter: Sendable {
    /// The ids of the tenant's subscriptions that take `changeType` of `alert` (their resource and filter
    /// match it). Must be fast and must not do I/O: it runs while the write lock is held.
    func subscriptions(tenantId: String, alert: Alert, changeType: AlertChangeType) -> [String]
}
