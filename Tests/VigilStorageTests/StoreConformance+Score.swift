import Foundation
import Testing
import VigilCore
@testable import VigilStorage

/// Secure score storage: snapshots replace their day, list newest first, stay within their tenant; the
/// latest score per tenant; state updates append in order; the delivery backlog the score reads.
extension StoreConformance {
    static func score(_ tenant: String, _ at: String, current: Double) -> SecureScore {
        var s = SecureScore()
        s.azureTenantId = tenant
        s.createdDateTime = DateTimeOffset(at)
        s.id = SecureScoreCalculator.id(tenantId: tenant, day: String(at.prefix(10)))
        s.currentScore = current
        s.maxScore = 100
        var c = ControlScore()
        c.controlName = "C"
        c.score = current
        c.passthrough.properties["@vigil.state"] = "partial"
        s.controlScores = [c]
        return s
    }

    static func scoreSnapshots(_ store: VigilStore) async throws {
        let repository = try #require(store.scores)
        var profile = SecureScoreControlProfile()
        profile.id = "Remote"
        profile.passthrough.properties["@vigil.provider"] = "graph"
        try await repository.save(try SecureScoreRecord(score("a", "2024-06-08T10:00:00Z", current: 10)))
        try await repository.save(try SecureScoreRecord(score("a", "2024-06-09T10:00:00Z", current: 20), remoteProfiles: [profile]))
        try await repository.save(try SecureScoreRecord(score("a", "2024-06-09T23:00:00Z", current: 25.5)))
        try await repository.save(try SecureScoreRecord(score("b", "2024-06-01T00:00:00Z", current: 70)))

        let a = try await repository.snapshots(tenantId: "a", limit: nil)
        #expect(a.map(\.day) == ["2024-06-09", "2024-06-08"])
        #expect(a.first?.currentScore == 25.5)
        #expect(a.first?.maxScore == 100)
        #expect(a.first?.createdAt == DateTimeOffset("2024-06-09T23:00:00Z"))
        #expect(try a.first?.score().createdDateTime == DateTimeOffset("2024-06-09T23:00:00Z"))
        #expect(try a.first?.score().controlScores?.first?.passthrough.properties["@vigil.state"] == "partial")
        #expect(try a.first?.profiles().isEmpty == true)
        #expect(try await repository.snapshots(tenantId: "a", limit: 1).map(\.day) == ["2024-06-09"])
        #expect(try await repository.snapshot(tenantId: "a", day: "2024-06-08")?.currentScore == 10)
        #expect(try await repository.snapshot(tenantId: "b", day: "2024-06-08") == nil)
        #expect(try await repository.snapshots(tenantId: "c", limit: nil).isEmpty)
        #expect(try await repository.latestScores() == ["a": 25.5, "b": 70])

        try await repository.save(try SecureScoreRecord(score("b", "2024-06-02T00:00:00Z", current: 71), remoteProfiles: [profile]))
        let b = try #require(try await repository.snapshots(tenantId: "b", limit: nil).first)
        #expect(try b.profiles().map(\.id) == ["Remote"])
        #expect(try b.profiles().first?.passthrough.properties["@vigil.provider"] == "graph")
        #expect(try await repository.latestScores() == ["a": 25.5, "b": 71])
    }

    static func scoreStates(_ store: VigilStore) async throws {
        let repository = try #require(store.scores)
        func update(_ state: String, _ by: String) -> SecureScoreControlStateUpdate {
            var u = SecureScoreControlStateUpdate()
            u.state = state
            u.updatedBy = by
            u.updatedDateTime = DateTimeOffset("2024-06-09T10:00:00Z")
            u.passthrough.explicitNulls.insert("assignedTo")
            return u
        }
        try await repository.appendState(ControlStateRecord(tenantId: "a", controlId: "X", update: update("Reviewed", "u1")))
        try await repository.appendState(ControlStateRecord(tenantId: "b", controlId: "X", update: update("Ignored", "u9")))
        try await repository.appendState(ControlStateRecord(tenantId: "a", controlId: "Y", update: update("Default", "u2")))
        try await repository.appendState(ControlStateRecord(tenantId: "a", controlId: "X", update: update("ThirdParty", "u3")))
        let a = try await repository.states(tenantId: "a")
        #expect(a["X"]?.map(\.state) == ["Reviewed", "ThirdParty"])
        #expect(a["X"]?.map(\.updatedBy) == ["u1", "u3"])
        #expect(a["X"]?.first?.jsonObject["assignedTo"] == .null)
        #expect(a["Y"]?.count == 1)
        #expect(try await repository.states(tenantId: "b")["X"]?.map(\.state) == ["Ignored"])
        #expect(try await repository.states(tenantId: "c").isEmpty)
    }

    /// The backlog counts live subscriptions, recent dead letters and stale pending entries of one tenant.
    static func deliveryBacklog(_ plain: VigilStore) async throws {
        let store = plain.routingChanges(to: TestRouter(), signal: ChangeSignal())
        let backlog = try #require(store.deliveryBacklog)
        let subscriptions = try #require(store.subscriptions)
        let outbox = try #require(store.outbox)
        let now = clock()
        let in1h = DateTimeOffset(epochSeconds: now + 3600), ago1h = DateTimeOffset(epochSeconds: now - 3600)
        try await subscriptions.create(subscription("s-all", created: 1_800_000_000, expires: in1h))
        try await subscriptions.create(subscription("s-high", created: 1_800_000_001, expires: in1h))
        try await subscriptions.create(subscription("gone", created: 1_800_000_002, expires: ago1h))
        try await subscriptions.create(subscription("s-all", tenant: "t2", created: 1_800_000_003, expires: in1h))
        // Two old pending entries (an hour ago) and a dead letter of a minute ago in t1; t2 has a fresh one.
        _ = try await store.alerts.ingest(tenantId: "t1", alerts: [try sample("a")], at: ago1h)
        _ = try await store.alerts.ingest(tenantId: "t2", alerts: [try sample("b", severity: "low")], at: .now())
        try await outbox.enqueueLifecycle(tenantId: "t1", subscriptionId: "s-all", event: "missed", at: now)
        let claimed = try await outbox.claim(now: now, holder: "d", lease: 120, limit: 10)
        let lifecycle = try #require(claimed.first { $0.kind == .lifecycle })
        try await outbox.failed([OutboxFailure(id: lifecycle.id, retryAt: nil)], attempt: DeliveryAttempt(
            subscriptionId: "s-all", tenantId: "t1", kind: .lifecycle, attemptedAt: now - 60, statusCode: 500,
            error: "answered 500", notifications: 1, durationMs: 1))
        #expect(try await backlog.backlog(tenantId: "t1", deadSince: now - 600, pendingBefore: now - 1800, now: now)
                == DeliveryBacklog(subscriptions: 2, recentDeadLetters: 1, stalePending: 2))
        #expect(try await backlog.backlog(tenantId: "t1", deadSince: now, pendingBefore: now - 7200, now: now)
                == DeliveryBacklog(subscriptions: 2, recentDeadLetters: 0, stalePending: 0))
        #expect(try await backlog.backlog(tenantId: "t2", deadSince: now - 600, pendingBefore: now - 1800, now: now)
                == DeliveryBacklog(subscriptions: 1, recentDeadLetters: 0, stalePending: 0))
        #expect(try await backlog.backlog(tenantId: "t3", deadSince: 0, pendingBefore: now, now: now)
                == DeliveryBacklog(subscriptions: 0, recentDeadLetters: 0, stalePending: 0))
    }
}
