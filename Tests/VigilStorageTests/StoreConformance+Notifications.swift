import Foundation
import Testing
import VigilCore
@testable import VigilStorage

/// Subscriptions and the notification outbox: claims, leases, outcomes, lifecycle entries, replay and the
/// delivery report, on every backend that has them.
extension StoreConformance {
    /// The process clock, as dispatchers pass it.
    static func clock() -> Double { DateTimeOffset.now().epochSeconds }

    // MARK: - Subscriptions

    static func subscription(_ id: String, tenant: String = "t1", app: String = "app-1", created: Int64,
                             expires: DateTimeOffset, url: String = "https://receiver.example/hook") -> SubscriptionRecord {
        var s = Subscription()
        s.id = id
        s.resource = "security/alerts?$filter=severity eq 'high'"
        s.applicationId = app
        s.changeType = "created,updated"
        s.notificationUrl = url
        s.expirationDateTime = expires
        return SubscriptionRecord(tenantId: tenant, id: id, appId: app, resource: s.resource!, changeTypes: [.created, .updated],
                                  notificationUrl: url, lifecycleNotificationUrl: id == "s1" ? "https://receiver.example/life" : nil,
                                  clientState: id == "s1" ? Secret("state-1") : nil,
                                  signingSecret: id == "s1" ? Secret("key-1") : nil, expirationDateTime: expires,
                                  createdDateTime: DateTimeOffset(secondsSinceEpoch: created), subscription: s)
    }

    static func subscriptions(_ store: VigilStore) async throws {
        let repository = try #require(store.subscriptions)
        let outbox = try #require(store.outbox)
        let now = DateTimeOffset.now()
        let later = DateTimeOffset(secondsSinceEpoch: now.secondsSinceEpoch + 3600)
        let past = DateTimeOffset(secondsSinceEpoch: now.secondsSinceEpoch - 3600)
        let g0 = try await repository.generation()
        let s1 = subscription("s1", created: 1_800_000_002, expires: later)
        try await repository.create(s1)
        try await repository.create(subscription("s2", app: "app-2", created: 1_800_000_001, expires: later))
        try await repository.create(subscription("s3", tenant: "t2", created: 1_800_000_000, expires: later))
        try await repository.create(subscription("old", created: 1_700_000_000, expires: past))
        #expect(try await repository.generation() == g0 + 4)
        await #expect(throws: (any Error).self) { try await repository.create(s1) }

        let stored = try #require(try await repository.subscription(tenantId: "t1", id: "s1"))
        #expect(stored.appId == "app-1")
        #expect(stored.changeTypes == [.created, .updated])
        #expect(stored.lifecycleTarget == "https://receiver.example/life")
        #expect(stored.clientState?.revealed == "state-1")
        #expect(stored.signingSecret?.revealed == "key-1")
        #expect(stored.expirationDateTime == later)
        #expect(stored.createdDateTime == DateTimeOffset(secondsSinceEpoch: 1_800_000_002))
        #expect(stored.subscription.resource == s1.resource)
        #expect(try await repository.subscription(tenantId: "t2", id: "s1") == nil)
        #expect(try await repository.subscriptions(tenantId: "t1", appId: nil).map(\.id) == ["old", "s2", "s1"])
        #expect(try await repository.subscriptions(tenantId: "t1", appId: "app-1").map(\.id) == ["old", "s1"])
        #expect(try await repository.active(at: now).map { "\($0.tenantId)/\($0.id)" } == ["t1/s2", "t1/s1", "t2/s3"])

        var changed = s1
        changed.notificationUrl = "https://other.example/hook"
        changed.clientState = nil
        #expect(try await repository.update(changed))
        #expect(try await repository.subscription(tenantId: "t1", id: "s1")?.notificationUrl == "https://other.example/hook")
        #expect(try await repository.subscription(tenantId: "t1", id: "s1")?.clientState == nil)
        var elsewhere = changed
        elsewhere.tenantId = "t2"
        #expect(try await repository.update(elsewhere) == false)
        #expect(try await repository.generation() == g0 + 5)

        // Deleting takes the subscription's undelivered notifications with it, never another's.
        try await outbox.enqueueLifecycle(tenantId: "t1", subscriptionId: "s2", event: "missed", at: clock())
        try await outbox.enqueueLifecycle(tenantId: "t2", subscriptionId: "s3", event: "missed", at: clock())
        #expect(try await repository.delete(tenantId: "t1", id: "s2"))
        #expect(try await repository.delete(tenantId: "t1", id: "s2") == false)
        #expect(try await repository.delete(tenantId: "t1", id: "s3") == false)
        #expect(try await outbox.report(tenantId: "t1", subscriptionId: "s2", limit: 10).pending == 0)
        #expect(try await outbox.report(tenantId: "t2", subscriptionId: "s3", limit: 10).pending == 1)
        #expect(try await repository.generation() == g0 + 6)

        // Expired subscriptions go once nothing is pending for them.
        try await repository.create(subscription("busy", created: 1_700_000_001, expires: past))
        try await outbox.enqueueLifecycle(tenantId: "t1", subscriptionId: "busy", event: "missed", at: clock())
        let g1 = try await repository.generation()
        #expect(try await repository.deleteExpired(before: now).map(\.id) == ["old"])
        #expect(try await repository.generation() == g1 + 1)
        #expect(try await repository.deleteExpired(before: now).isEmpty)
        #expect(try await repository.generation() == g1 + 1)
        #expect(try await repository.subscriptions(tenantId: "t1", appId: nil).map(\.id) == ["busy", "s1"])
    }

    // MARK: - Outbox claims

    /// Claims are leases: disjoint between claimers, not taken again while live, taken again once lapsed;
    /// `recoverClaims` releases every claim on a single-process store and none on a shared one.
    static func outboxClaims(_ plain: VigilStore) async throws {
        let store = plain.routingChanges(to: TestRouter(), signal: ChangeSignal())
        let outbox = try #require(store.outbox)
        _ = try await store.alerts.ingest(tenantId: "t1", alerts: [try sample("a"), try sample("b")], at: .now())
        // The long claim first: however slow the machine, it is live when the short one is taken.
        let long = try await outbox.claim(now: clock(), holder: "one", lease: 120, limit: 2)
        let short = try await outbox.claim(now: clock(), holder: "two", lease: 0.05, limit: 10)
        #expect(long.count == 2)
        #expect(short.count == 2)
        #expect(long.map(\.id) == long.map(\.id).sorted())
        #expect(Set(short.map(\.id)).isDisjoint(with: long.map(\.id)))
        #expect(short.map(\.id) == short.map(\.id).sorted())
        // After the short lease, its entries are claimable again; the live long claims are not.
        try await Task.sleep(for: .milliseconds(300))
        let again = try await outbox.claim(now: clock(), holder: "four", lease: 120, limit: 10)
        #expect(Set(again.map(\.id)) == Set(short.map(\.id)))
        #expect(try await outbox.claim(now: clock(), holder: "five", lease: 120, limit: 10).isEmpty)
        // Every entry is under a live claim now: nothing is due for this dispatcher.
        #expect(try await outbox.nextDue() == nil)

        try await outbox.recoverClaims()
        let recovered = try await outbox.claim(now: clock(), holder: "six", lease: 120, limit: 10)
        if store.isShared {
            #expect(recovered.isEmpty, "recoverClaims released another replica's live claims")
        } else {
            #expect(recovered.count == 4)
        }
    }

    /// Dispatchers claiming at the same moment get disjoint entries, and together all of them.
    static func concurrentOutboxClaims(_ plain: VigilStore) async throws {
        let store = plain.routingChanges(to: TestRouter(), signal: ChangeSignal())
        let outbox = try #require(store.outbox)
        _ = try await store.alerts.ingest(tenantId: "t1", alerts: try (0..<60).map { try sample("c\($0)") }, at: .now())
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for worker in 0..<6 {
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let batch = try await outbox.claim(now: clock(), holder: "w\(worker)", lease: 120, limit: 7)
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.id)
                    }
                }
            }
            var all: [Int64] = []
            for try await part in group { all += part }
            return all
        }
        #expect(claimed.count == 120)
        #expect(Set(claimed).count == 120)
    }

    // MARK: - Outbox outcomes

    static func outboxDelivery(_ plain: VigilStore) async throws {
        let store = plain.routingChanges(to: TestRouter(), signal: ChangeSignal())
        let outbox = try #require(store.outbox)
        let ingestedAt = DateTimeOffset.now()
        let created = ingestedAt.epochSeconds
        _ = try await store.alerts.ingest(tenantId: "t1", alerts: [try sample("a")], at: ingestedAt)
        let now = clock()
        let entries = try await outbox.claim(now: now, holder: "d", lease: 120, limit: 10)
        #expect(entries.map(\.subscriptionId) == ["s-all", "s-high"])
        let all = try #require(entries.first), high = try #require(entries.last)

        try await outbox.delivered([high.id], attempt: DeliveryAttempt(
            subscriptionId: "s-high", tenantId: "t1", kind: .change, attemptedAt: now, statusCode: 202, error: nil,
            notifications: 1, durationMs: 4))
        let failure = DeliveryAttempt(subscriptionId: "s-all", tenantId: "t1", kind: .change, attemptedAt: now, statusCode: 500,
                                      error: "answered 500", notifications: 1, durationMs: 3)
        try await outbox.failed([OutboxFailure(id: all.id, retryAt: now + 60)], attempt: failure)
        var report = try await outbox.report(tenantId: "t1", subscriptionId: "s-all", limit: 10)
        #expect(report.pending == 1)
        #expect(report.deadLettered == 0)
        #expect(report.nextAttemptAt == now + 60)
        #expect(report.retrying.map(\.id) == [all.id])
        #expect(report.retrying.first?.attempts == 1)
        #expect(report.retrying.first?.lastError == "answered 500")
        #expect(report.retrying.first?.lastStatus == 500)
        #expect(report.retrying.first?.lastAttemptAt == now)
        #expect(report.retrying.first?.createdAt == created)
        #expect(report.attempts == [failure])
        let high2 = try await outbox.report(tenantId: "t1", subscriptionId: "s-high", limit: 10)
        #expect(high2.pending == 0)
        #expect(high2.attempts.map(\.statusCode) == [202])
        #expect(try await outbox.report(tenantId: "t2", subscriptionId: "s-all", limit: 10).attempts.isEmpty)

        // A failure releases the claim; the entry is due again at its retry time, not before.
        #expect(try await outbox.nextDue() == now + 60)
        #expect(try await outbox.claim(now: now + 30, holder: "d", lease: 120, limit: 10).isEmpty)
        let retried = try await outbox.claim(now: now + 61, holder: "d", lease: 120, limit: 10)
        #expect(retried.map(\.id) == [all.id])
        let deadAt = now + 61
        try await outbox.failed([OutboxFailure(id: all.id, retryAt: nil)], attempt: DeliveryAttempt(
            subscriptionId: "s-all", tenantId: "t1", kind: .change, attemptedAt: deadAt, statusCode: nil, error: "refused",
            notifications: 1, durationMs: 1))
        report = try await outbox.report(tenantId: "t1", subscriptionId: "s-all", limit: 10)
        #expect(report.pending == 0)
        #expect(report.deadLettered == 1)
        #expect(report.nextAttemptAt == nil)
        #expect(report.deadLetters.first?.state == .deadLettered)
        #expect(report.deadLetters.first?.deadLetteredAt == deadAt)
        #expect(report.deadLetters.first?.attempts == 2)
        #expect(report.deadLetters.first?.lastStatus == nil)
        #expect(report.attempts.map(\.error) == ["refused", "answered 500"])
        #expect(try await outbox.report(tenantId: "t1", subscriptionId: "s-all", limit: 1).attempts.count == 1)
        #expect(try await outbox.nextDue() == nil)

        // Lifecycle entries.
        try await outbox.enqueueLifecycle(tenantId: "t1", subscriptionId: "s-all", event: "missed", at: deadAt)
        let lifecycle = try await outbox.claim(now: deadAt, holder: "d", lease: 120, limit: 10)
        #expect(lifecycle.map(\.kind) == [.lifecycle])
        #expect(lifecycle.first?.lifecycleEvent == "missed")
        #expect(lifecycle.first?.alertId == nil)
        try await outbox.delivered(lifecycle.map(\.id), attempt: DeliveryAttempt(
            subscriptionId: "s-all", tenantId: "t1", kind: .lifecycle, attemptedAt: deadAt, statusCode: 202, error: nil,
            notifications: 1, durationMs: 1))
        #expect(try await outbox.report(tenantId: "t1", subscriptionId: "s-all", limit: 10).attempts.first?.kind == .lifecycle)

        // Replay makes dead letters pending again, from now, within the tenant only.
        #expect(try await outbox.replay(tenantId: "t2", subscriptionId: "s-all", ids: nil, at: deadAt) == 0)
        #expect(try await outbox.replay(tenantId: "t1", subscriptionId: "s-all", ids: [], at: deadAt) == 0)
        #expect(try await outbox.replay(tenantId: "t1", subscriptionId: "s-all", ids: [all.id + 1000], at: deadAt) == 0)
        #expect(try await outbox.replay(tenantId: "t1", subscriptionId: "s-all", ids: [all.id], at: deadAt + 1) == 1)
        report = try await outbox.report(tenantId: "t1", subscriptionId: "s-all", limit: 10)
        #expect(report.pending == 1)
        #expect(report.deadLettered == 0)
        #expect(report.nextAttemptAt == deadAt + 1)
        let replayed = try await outbox.claim(now: deadAt + 1, holder: "d", lease: 120, limit: 10)
        #expect(replayed.map(\.id) == [all.id])
        #expect(replayed.first?.attempts == 0)
        #expect(replayed.first?.createdAt == deadAt + 1)
        #expect(try await outbox.replay(tenantId: "t1", subscriptionId: "s-all", ids: nil, at: deadAt) == 0)
    }
}
