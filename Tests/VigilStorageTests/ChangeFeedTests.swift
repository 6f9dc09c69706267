import Foundation
import GRDB
import Testing
import VigilCore
@testable import VigilStorage

@Suite("Change feed and outbox")
struct ChangeFeedTests {
    /// Routes every high-severity change to subscription "s-high" and everything to "s-all".
    struct Router: ChangeRouter {
        /// A fixed routing: needs no subscriptions, so it takes no loads.
        var generation: Int64 { -1 }
        func load(_ active: [SubscriptionRecord], generation: Int64) {}
        func subscriptions(tenantId: String, alert: Alert, changeType: AlertChangeType) -> [String] {
            alert.severity == .high ? ["s-all", "s-high"] : ["s-all"]
        }
    }

    static func alert(_ id: String, severity: AlertSeverity = .high, title: String = "t") -> Alert {
        var a = Alert()
        a.id = id
        a.title = title
        a.severity = severity
        a.vendorInformation = SecurityVendorInformation()
        a.vendorInformation?.provider = "P"
        a.vendorInformation?.vendor = "V"
        return a
    }

    @Test("Created, content-changing re-ingests and updates are fed in order, with outbox rows per routed subscription")
    func feed() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-feed-\(UUID().uuidString).sqlite").path
        let database = try VigilDatabase(path: path)
        let signal = ChangeSignal()
        let store = SQLiteAlertRepository(database: database, router: Router(), signal: signal)
        let feed = SQLiteAlertChangeFeed(database: database)
        let now = DateTimeOffset.now()
        _ = try await store.ingest(tenantId: "t1", alerts: [Self.alert("a"), Self.alert("b", severity: .low)], at: now)
        // Same content: counted, not a change. Different content: a change.
        let again = try await store.ingest(tenantId: "t1", alerts: [Self.alert("a"), Self.alert("b", severity: .low, title: "new")], at: now)
        #expect(again == [.updated(id: "a", occurrenceCount: 2), .updated(id: "b", occurrenceCount: 2)])
        _ = try await store.update(tenantId: "t1", id: "a", provider: "P") { $0.assignedTo = "soc" }
        _ = try await store.ingest(tenantId: "t2", alerts: [Self.alert("c")], at: now)

        let all = try await feed.changes(tenantId: nil, after: 0, limit: 100)
        #expect(all.map { "\($0.change.tenantId)/\($0.change.alertId)/\($0.change.changeType.rawValue)" }
                == ["t1/a/created", "t1/b/created", "t1/b/updated", "t1/a/updated", "t2/c/created"])
        #expect(all.map(\.change.sequence) == all.map(\.change.sequence).sorted())
        #expect(try all[3].alert?.decode().assignedTo == "soc")
        let t1 = try await feed.changes(tenantId: "t1", after: all[1].change.sequence, limit: 1)
        #expect(t1.map(\.change.alertId) == ["b"])
        #expect(try await feed.lastSequence(tenantId: "t1") == all[3].change.sequence)
        #expect(try await feed.lastSequence(tenantId: nil) == all[4].change.sequence)

        let outbox = try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT subscription_id, alert_id, change_type FROM notification_outbox ORDER BY id")
                .map { "\($0["subscription_id"] as String):\($0["alert_id"] as String):\($0["change_type"] as String)" }
        }
        #expect(outbox == ["s-all:a:created", "s-high:a:created", "s-all:b:created", "s-all:b:updated", "s-all:a:updated",
                           "s-high:a:updated", "s-all:c:created", "s-high:c:created"])
    }

    @Test("The same alert stored once from its own bytes and once from the model is not a change; a real change is")
    func formattingIsNotAChange() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-format-\(UUID().uuidString).sqlite").path
        let database = try VigilDatabase(path: path)
        let store = SQLiteAlertRepository(database: database)
        let feed = SQLiteAlertChangeFeed(database: database)
        let alert = Self.alert("a")
        // The model writes its properties in schema order; the "sender" used another order and spacing.
        let written = JSONWriter.string(alert.json)
        guard case .object(let object) = try JSONParser.parse(written) else { Issue.record("not an object"); return }
        let reordered = "{ " + object.keys.sorted().reversed().map { key in
            JSONWriter.string(.string(key)) + ": " + JSONWriter.string(object[key]!)
        }.joined(separator: ", ") + " }"
        #expect(reordered != written)
        _ = try await store.ingest(tenantId: "t", alerts: [alert], bodies: [Array(reordered.utf8)], at: .now())
        _ = try await store.ingest(tenantId: "t", alerts: [alert], at: .now())
        var changed = alert
        changed.title = "other"
        _ = try await store.ingest(tenantId: "t", alerts: [changed], bodies: [nil], at: .now())
        let changes = try await feed.changes(tenantId: "t", after: 0, limit: 10).map(\.change.changeType)
        #expect(changes == [.created, .updated])
    }

    @Test("Outbox claims are leases: claimed entries are not claimed twice until the lease ends or claims are recovered")
    func claims() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-outbox-\(UUID().uuidString).sqlite").path
        let database = try VigilDatabase(path: path)
        let store = SQLiteAlertRepository(database: database, router: Router())
        let outbox = SQLiteNotificationOutbox(database: database)
        _ = try await store.ingest(tenantId: "t1", alerts: [Self.alert("a"), Self.alert("b")], at: .now())
        let now = DateTimeOffset.now().epochSeconds + 1
        let first = try await outbox.claim(now: now, holder: "one", lease: 30, limit: 3)
        #expect(first.count == 3)
        let second = try await outbox.claim(now: now, holder: "two", lease: 30, limit: 10)
        #expect(second.count == 1)
        #expect(try await outbox.claim(now: now + 29, holder: "two", lease: 30, limit: 10).isEmpty)
        #expect(try await outbox.claim(now: now + 31, holder: "two", lease: 30, limit: 10).count == 4)
        try await outbox.recoverClaims()
        #expect(try await outbox.claim(now: now, holder: "three", lease: 30, limit: 10).count == 4)
        let attempt = DeliveryAttempt(subscriptionId: "s-all", tenantId: "t1", kind: .change, attemptedAt: now, statusCode: 500,
                                      error: "answered 500", notifications: 2, durationMs: 3)
        let entries = first.filter { $0.subscriptionId == "s-all" }
        try await outbox.failed([OutboxFailure(id: entries[0].id, retryAt: now + 60), OutboxFailure(id: entries[1].id, retryAt: nil)],
                                attempt: attempt)
        let report = try await outbox.report(tenantId: "t1", subscriptionId: "s-all", limit: 10)
        #expect(report.pending == 1)
        #expect(report.deadLettered == 1)
        #expect(report.nextAttemptAt == now + 60)
        #expect(report.retrying.first?.lastError == "answered 500")
        #expect(report.attempts.first?.statusCode == 500)
        #expect(try await outbox.replay(tenantId: "t1", subscriptionId: "s-all", ids: nil, at: now) == 1)
        #expect(try await outbox.replay(tenantId: "t2", subscriptionId: "s-all", ids: nil, at: now) == 0)
    }
}
