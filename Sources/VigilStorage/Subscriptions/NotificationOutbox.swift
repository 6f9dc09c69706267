import VigilCore

/// The durable notification outbox. Change entries are written by the alert store in the transaction of the
/// change (see `ChangeRouter`); dispatchers claim due entries, deliver them and report the outcome.
///
/// Claims are leases: an entry claimed by a dispatcher that dies becomes claimable again when the lease
/// ends, so every entry is delivered at least once.
public protocol NotificationOutbox: Sendable {
    /// Claims up to `limit` pending entries due at `now` that no live lease holds, oldest first. Dispatchers
    /// claiming at the same moment (other replicas on a shared database) get disjoint entries.
    ///
    /// - Parameters:
    ///   - now: the caller's clock (seconds since the epoch); entries whose next attempt is due by then qualify.
    ///   - holder: the claiming dispatcher's id.
    ///   - lease: seconds the claim holds before others may take the entries — counted from `now` on a
    ///     single-process store, on the database's clock on a shared one (so replicas' clocks need not agree).
    func claim(now: Double, holder: String, lease: Double, limit: Int) async throws -> [OutboxEntry]

    /// Removes delivered entries and logs the attempt.
    func delivered(_ ids: [Int64], attempt: DeliveryAttempt) async throws

    /// Reschedules or dead-letters failed entries and logs the attempt.
    func failed(_ failures: [OutboxFailure], attempt: DeliveryAttempt) async throws

    /// Records the outcomes of a dispatch round together (one transaction where the store can).
    func settle(_ outcomes: [DeliveryOutcome]) async throws

    /// Queues a lifecycle notification (`missed`, `subscriptionRemoved`) for a subscription.
    func enqueueLifecycle(tenantId: String, subscriptionId: String, event: String, at now: Double) async throws

    /// Makes dead-lettered entries of a subscription pending again (all, or those in `ids`); returns how many.
    func replay(tenantId: String, subscriptionId: String, ids: [Int64]?, at now: Double) async throws -> Int

    /// The delivery state of one subscription, with at most `limit` items per list.
    func report(tenantId: String, subscriptionId: String, limit: Int) async throws -> DeliveryReport

    /// The earliest time a pending entry that no live claim holds is due (for the dispatcher's sleep), or
    /// `nil` when there is none (entries another dispatcher is delivering are not due until their claim lapses).
    func nextDue() async throws -> Double?

    /// Called once when a dispatcher starts. Single-process stores release every claim (the previous process
    /// is gone); shared stores leave claims to expire.
    func recoverClaims() async throws
}

/// What one POST did for one subscription's entries: delivered, or failed (rescheduled or dead-lettered).
public struct DeliveryOutcome: Sendable {
    public var attempt: DeliveryAttempt
    public var delivered: [Int64]
    public var failures: [OutboxFailure]

    public init(attempt: DeliveryAttempt, delivered: [Int64] = [], failures: [OutboxFailure] = []) {
        self.attempt = attempt
        self.delivered = delivered
        self.failures = failures
    }
}

extension NotificationOutbox {
    /// Stores without a batched form record the outcomes one by one.
    public func settle(_ outcomes: [DeliveryOutcome]) async throws {
        for outcome in outcomes {
            if !outcome.delivered.isEmpty { try await delivered(outcome.delivered, attempt: outcome.attempt) }
            if !outcome.failures.isEmpty { try await failed(outcome.failures, attempt: outcome.attempt) }
        }
    }
}
