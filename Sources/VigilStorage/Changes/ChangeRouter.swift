import VigilCore

/// Decides, inside the transaction that stores a change, which subscriptions receive it. The alert store
/// writes one outbox entry per subscription id returned, in that same transaction.
///
/// A subscription takes effect at a point of the change feed, for every process sharing the database: before
/// it routes a transaction's changes, the store reads the subscriptions' generation in that transaction and,
/// when it differs from `generation`, hands the router the active subscriptions it reads there (`load`). The
/// stores order subscription writes with change writes (SQLite's write lock; on PostgreSQL the change feed's
/// advisory lock, which subscription writes take too), so a change committed after a subscription's commit
/// always sees it.
public protocol ChangeRouter: Sendable {
    /// The subscriptions' generation the routes were loaded at; `-1` before the first load.
    var generation: Int64 { get }

    /// Replaces the routes with `active`, the subscriptions that had not expired when they were read at
    /// `generation`. Runs inside the write transaction: must not do I/O.
    func load(_ active: [SubscriptionRecord], generation: Int64)

    /// The ids of the tenant's subscriptions that take `changeType` of `alert` (their resource and filter
    /// match it). Must be fast and must not do I/O: it runs while the write lock is held.
    func subscriptions(tenantId: String, alert: Alert, changeType: AlertChangeType) -> [String]
}
