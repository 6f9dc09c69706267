import Foundation
import Synchronization
import Testing
import VigilCore
@testable import VigilStorage

/// The change feed, the outbox rows the alert store writes with each change, the commit signal and the
/// exporter state: one body per contract, run on every backend that has the store.
extension StoreConformance {
    /// Routes every high-severity change to subscription "s-high" and every change to "s-all".
    struct TestRouter: ChangeRouter {
        /// A fixed routing: needs no subscriptions, so it takes no loads.
        var generation: Int64 { -1 }
        func load(_ active: [SubscriptionRecord], generation: Int64) {}
        func subscriptions(tenantId: String, alert: Alert, changeType: AlertChangeType) -> [String] {
            alert.severity?.rawValue == "high" ? ["s-all", "s-high"] : ["s-all"]
        }
    }

    /// A flag tasks set and read.
    final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    // MARK: - Change feed

    static func changeFeed(_ plain: VigilStore) async throws {
        let store = plain.routingChanges(to: TestRouter(), signal: ChangeSignal())
        let feed = try #require(store.changes)
        let outbox = try #require(store.outbox)
        let alerts = store.alerts
        let now = DateTimeOffset.now()
        #expect(try await feed.lastSequence(tenantId: nil) == 0)
        #expect(try await feed.changes(tenantId: nil, after: 0, limit: 10).isEmpty)

        _ = try await alerts.ingest(tenantId: "t1", alerts: [try sample("a"), try sample("b", severity: "low")], at: now)
        // The same content again is counted, not a change; different content is a change.
        let again = try await alerts.ingest(tenantId: "t1", alerts: [
            try sample("a"), try sample("b", severity: "low", extra: #","description":"new""#),
        ], at: now)
        #expect(again == [.updated(id: "a", occurrenceCount: 2), .updated(id: "b", occurrenceCount: 2)])
        _ = try await alerts.update(tenantId: "t1", id: "a", provider: "P1") { $0.assignedTo = "soc" }
        _ = try await alerts.ingest(tenantId: "t2", alerts: [try sample("c")], at: now)
        // Within one batch too: a repeat with the same content is no change, one with other content is.
        let repeated = try await alerts.ingest(tenantId: "t1", alerts: [
            try sample("d", severity: "low"), try sample("d", severity: "low"), try sample("d", severity: "medium"),
        ], at: now)
        #expect(repeated == [.created(id: "d"), .updated(id: "d", occurrenceCount: 2), .updated(id: "d", occurrenceCount: 3)])
        #expect(try await alerts.update(tenantId: "t1", id: "missing", provider: nil) { _ in } == nil)

        let all = try await feed.changes(tenantId: nil, after: 0, limit: 100)
        #expect(all.map { "\($0.change.tenantId)/\($0.change.alertId)/\($0.change.changeType.rawValue)" }
                == ["t1/a/created", "t1/b/created", "t1/b/updated", "t1/a/updated", "t2/c/created", "t1/d/created",
                    "t1/d/updated"])
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.change.sequence < $1.change.sequence })
        #expect(all.allSatisfy { $0.change.provider == "P1" })
        #expect(try all[3].alert?.decode().assignedTo == "soc")
        #expect(try all[6].alert?.decode().severity?.rawValue == "medium")
        #expect(try all[6].alert?.decode().passthrough.properties[AlertRecord.occurrenceCountAnnotation] == .int(3))
        #expect(all[0].change.changedAt.iso8601 == now.iso8601)
        let t1 = try await feed.changes(tenantId: "t1", after: all[1].change.sequence, limit: 1)
        #expect(t1.map(\.change.alertId) == ["b"])
        #expect(try await feed.changes(tenantId: "t3", after: 0, limit: 10).isEmpty)
        #expect(try await feed.lastSequence(tenantId: "t1") == all[6].change.sequence)
        #expect(try await feed.lastSequence(tenantId: "t2") == all[4].change.sequence)
        #expect(try await feed.lastSequence(tenantId: nil) == all[6].change.sequence)
        #expect(try await feed.lastSequence(tenantId: "t3") == 0)

        // One outbox entry per change and routed subscription, pointing at the change.
        let entries = try await outbox.claim(now: now.epochSeconds + 3600, holder: "check", lease: 60, limit: 100)
        let routed = entries.sorted { ($0.changeSequence ?? 0, $0.subscriptionId) < ($1.changeSequence ?? 0, $1.subscriptionId) }
            .map { "\($0.tenantId)/\($0.subscriptionId):\($0.alertId ?? "-"):\($0.changeType?.rawValue ?? "-")" }
        #expect(routed == ["t1/s-all:a:created", "t1/s-high:a:created", "t1/s-all:b:created", "t1/s-all:b:updated",
                           "t1/s-all:a:updated", "t1/s-high:a:updated", "t2/s-all:c:created", "t2/s-high:c:created",
                           "t1/s-all:d:created", "t1/s-all:d:updated"])
        #expect(Set(entries.compactMap(\.changeSequence)) == Set(all.map(\.change.sequence)))
        #expect(entries.allSatisfy { $0.kind == .change && $0.state == .pending && $0.attempts == 0 })
        #expect(entries.filter { $0.alertId == "b" }.allSatisfy { $0.createdAt == now.epochSeconds && $0.nextAttemptAt == now.epochSeconds })

        // A re-ingest after a PATCH with what the source sent before is no change either (the digest is of
        // what the source sent).
        #expect(try await alerts.ingest(tenantId: "t1", alerts: [try sample("a")], at: now) == [.updated(id: "a", occurrenceCount: 3)])
        #expect(try await feed.lastSequence(tenantId: nil) == all[6].change.sequence)

        // The same alert stored once from the sender's own bytes and once from the model is not a change.
        let f = try sample("f")
        guard case .object(let object) = try JSONParser.parse(JSONWriter.string(f.json)) else {
            Issue.record("an alert is not a JSON object")
            return
        }
        let reordered = "{ " + object.keys.sorted().reversed().map { key in
            JSONWriter.string(.string(key)) + ": " + JSONWriter.string(object[key]!)
        }.joined(separator: ", ") + " }"
        let before = try await feed.lastSequence(tenantId: nil)
        _ = try await alerts.ingest(tenantId: "t1", alerts: [f], bodies: [Array(reordered.utf8)], at: now)
        _ = try await alerts.ingest(tenantId: "t1", alerts: [f], at: now)
        var retitled = f
        retitled.title = "other"
        _ = try await alerts.ingest(tenantId: "t1", alerts: [retitled], bodies: [nil], at: now)
        #expect(try await feed.changes(tenantId: "t1", after: before, limit: 10).map(\.change.changeType) == [.created, .updated])
        let sinceFormatting = try await feed.lastSequence(tenantId: nil)
        #expect(try await outbox.claim(now: now.epochSeconds + 3600, holder: "drain", lease: 60, limit: 100)
                .map { "\($0.subscriptionId):\($0.alertId ?? "-")" }.sorted() == ["s-all:f", "s-all:f", "s-high:f", "s-high:f"])

        // Without a router the feed is still written, the outbox is not.
        _ = try await plain.alerts.ingest(tenantId: "t1", alerts: [try sample("e")], at: now)
        #expect(try await feed.changes(tenantId: "t1", after: sinceFormatting, limit: 10).map(\.change.alertId) == ["e"])
        #expect(try await outbox.claim(now: now.epochSeconds + 3600, holder: "check2", lease: 60, limit: 100).isEmpty)
    }

    /// Writers commit changes concurrently while a consumer follows the feed by sequence number, as an
    /// exporter does: the consumer sees every change exactly once (sequence order is commit order).
    static func changeFeedUnderConcurrentWriters(_ plain: VigilStore) async throws {
        let store = plain.routingChanges(to: TestRouter(), signal: ChangeSignal())
        let feed = try #require(store.changes)
        let alerts = store.alerts
        let writers = 6, batches = 12, perBatch = 4
        let done = Flag()
        let seen = try await withThrowingTaskGroup(of: [Int64].self) { group in
            group.addTask {
                var cursor: Int64 = 0
                var seen: [Int64] = []
                var finalPass = false
                while true {
                    let page = try await feed.changes(tenantId: nil, after: cursor, limit: 7)
                    if let last = page.last {
                        seen += page.map(\.change.sequence)
                        cursor = last.change.sequence
                        continue
                    }
                    // Empty: once the writers are done, one more empty read after that ends it.
                    if finalPass { return seen }
                    if done.isSet { finalPass = true } else { try await Task.sleep(for: .milliseconds(2)) }
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { writersGroup in
                for writer in 0..<writers {
                    writersGroup.addTask {
                        for batch in 0..<batches {
                            let items = try (0..<perBatch).map { try sample("w\(writer)-\(batch)-\($0)") }
                            _ = try await alerts.ingest(tenantId: "t\(writer % 2)", alerts: items, at: .now())
                        }
                    }
                }
                try await writersGroup.waitForAll()
            }
            done.set()
            var all: [Int64] = []
            for try await part in group { all += part }
            return all
        }
        let expected = writers * batches * perBatch
        #expect(seen.count == expected, "the consumer saw \(seen.count) of \(expected) changes")
        #expect(Set(seen).count == seen.count)
        #expect(seen == seen.sorted())
        #expect(Set(try await feed.changes(tenantId: nil, after: 0, limit: expected + 10).map(\.change.sequence)) == Set(seen))
    }

    /// A committed change wakes a waiter of the commit signal.
    static func commitSignal(_ plain: VigilStore) async throws {
        let signal = ChangeSignal()
        let store = plain.routingChanges(to: TestRouter(), signal: signal)
        let woke = Flag()
        // The wait is far longer than the test: only a notification ends it early.
        let waiter = Task {
            await signal.wait(timeout: .seconds(600))
            woke.set()
        }
        // The waiter may not be waiting yet when the first commit notifies: keep committing until it wakes.
        for n in 0..<400 where !woke.isSet {
            _ = try await store.alerts.ingest(tenantId: "t1", alerts: [try sample("signal-\(n)")], at: .now())
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(woke.isSet, "no commit woke the signal's waiter")
        waiter.cancel()
    }

    // MARK: - Exporter state

    static func exporterStates(_ store: VigilStore) async throws {
        let states = try #require(store.exporterStates)
        #expect(try await states.state(name: "siem") == nil)
        #expect(try await states.all().isEmpty)
        let t = try #require(DateTimeOffset("2024-06-09T10:00:00Z"))
        let u = try #require(DateTimeOffset("2024-06-09T11:30:00.25Z"))
        try await states.save(name: "siem", ExporterState(cursor: 5, exported: 4, lastSuccessAt: t))
        try await states.save(name: "file", ExporterState(cursor: 1, exported: 1, lastError: "disk full", lastErrorAt: t))
        let later = ExporterState(cursor: 1 << 40, exported: 8, lastSuccessAt: u, lastError: "timeout", lastErrorAt: u)
        try await states.save(name: "siem", later)
        #expect(try await states.state(name: "siem") == later)
        #expect(try await states.state(name: "other") == nil)
        #expect(try await states.all() == ["siem": later,
                                           "file": ExporterState(cursor: 1, exported: 1, lastError: "disk full", lastErrorAt: t)])
    }

    // MARK: - Source status

    static func sourceStatus(_ store: VigilStore) async throws {
        let statuses = try #require(store.sourceStatus)
        #expect(try await statuses.all().isEmpty)
        let now = DateTimeOffset(secondsSinceEpoch: 1_800_000_000)
        try await statuses.save(tenantId: "t2", source: "syslog", status: ["records": 3, "skippedTypes": ["dns": 2]], at: now)
        try await statuses.save(tenantId: "t1", source: "zeek", status: ["records": 1, "lastError": .null], at: now)
        try await statuses.save(tenantId: "t1", source: "eve", status: ["records": 1], at: now)
        try await statuses.save(tenantId: "t1", source: "eve", status: ["records": 7, "lastError": "bad line"], at: now)
        let all = try await statuses.all()
        #expect(all.map { "\($0.tenantId)/\($0.source)" } == ["t1/eve", "t1/zeek", "t2/syslog"])
        #expect(all[0].status == ["records": 7, "lastError": "bad line"])
        #expect(all[1].status["lastError"] == .null)
        #expect(all[2].status["skippedTypes"]?["dns"] == .int(2))
    }

    // MARK: - Component health

    static func componentHealth(_ store: VigilStore) async throws {
        let saved = try #require(store.health)
        #expect(try await saved.all().isEmpty)
        let registry = HealthRegistry(repository: saved, replica: "r1")
        let t0 = DateTimeOffset(secondsSinceEpoch: 1_800_000_000)
        await registry.succeeded("tail:eve", at: t0)          // new: saved as ok
        await registry.failed("score.daily", "the snapshots failed", error: VigilError(.serviceUnavailable, "no database"), at: t0)
        await registry.failed("score.daily", "boom", at: t0.adding(seconds: 1))
        await registry.succeeded("tail:eve", at: t0.adding(seconds: 2))  // still ok: not saved again
        let other = HealthRegistry(repository: saved, replica: "r2")
        await other.failed("tail:eve", "could not read /x", error: CancellationError(), at: t0)
        let all = try await saved.all()
        #expect(all.map { "\($0.component)@\($0.replica)" } == ["score.daily@r1", "tail:eve@r1", "tail:eve@r2"])
        #expect(all[0].state["state"] == "failing")
        #expect(all[0].state["lastError"] == "boom")
        #expect(all[0].state["consecutiveFailures"] == .int(2))
        #expect(all[1].state["state"] == "ok")
        #expect(all[1].updatedAt == t0.iso8601)
        // An error that is not a VigilError shows only its type (driver errors can carry SQL).
        #expect(all[2].state["lastError"] == "could not read /x: CancellationError (see the log)")
        await registry.succeeded("score.daily", at: t0.adding(seconds: 3))
        #expect(try await saved.all()[0].state["state"] == "ok")
        #expect(registry.all.map(\.name) == ["score.daily", "tail:eve"])
        #expect(!registry.anyFailing)
    }

    // MARK: - Errors

    /// A duplicate is the same 409 on every backend, and its message carries no SQL.
    static func duplicatesAreConflicts(_ store: VigilStore) async throws {
        _ = try await store.identity.createTenant(name: "first", id: "dup-tenant")
        do {
            _ = try await store.identity.createTenant(name: "second", id: "dup-tenant")
            Issue.record("a second tenant with the same id was stored")
        } catch let error as VigilError {
            #expect(error.code == .conflict, "\(error)")
            #expect(!error.message.localizedCaseInsensitiveContains("INSERT"), "\(error.message)")
        }
    }
}
