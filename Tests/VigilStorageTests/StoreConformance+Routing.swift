import Foundation
import Synchronization
import Testing
import VigilCore
@testable import VigilStorage

/// Routing with subscriptions made elsewhere: a subscription takes effect at a point of the change feed for
/// every router on the database, whatever that router saw before (another replica's, a paused one's).
extension StoreConformance {
    /// Routes each change to every loaded subscription of the tenant that takes its change type, and counts
    /// its loads: the routing of a replica, without filters.
    final class LoadedRouter: ChangeRouter {
        private struct State {
            var generation: Int64 = -1
            var routes: [String: [(id: String, types: Set<AlertChangeType>)]] = [:]
            var loads = 0
        }
        private let state = Mutex(State())

        var generation: Int64 { state.withLock { $0.generation } }
        var loads: Int { state.withLock { $0.loads } }

        func load(_ active: [SubscriptionRecord], generation: Int64) {
            var routes: [String: [(id: String, types: Set<AlertChangeType>)]] = [:]
            for record in active { routes[record.tenantId, default: []].append((record.id, Set(record.changeTypes))) }
            state.withLock {
                $0.generation = generation
                $0.routes = routes
                $0.loads += 1
            }
        }

        func subscriptions(tenantId: String, alert: Alert, changeType: AlertChangeType) -> [String] {
            state.withLock { $0.routes[tenantId] ?? [] }.filter { $0.types.contains(changeType) }.map(\.id)
        }
    }

    /// Every pending change entry of the outbox, by subscription: the change sequences routed to it.
    static func routedEntries(_ outbox: any NotificationOutbox) async throws -> [String: Set<Int64>] {
        let entries = try await outbox.claim(now: clock() + 1e9, holder: "inspect-\(UUID().uuidString)", lease: 0,
                                             limit: 100_000)
        var routed: [String: Set<Int64>] = [:]
        for entry in entries where entry.kind == .change {
            routed[entry.subscriptionId, default: []].insert(entry.changeSequence ?? -1)
        }
        return routed
    }

    static func routingFollowsSubscriptionsMadeElsewhere(_ plain: VigilStore) async throws {
        let replicaA = LoadedRouter(), replicaB = LoadedRouter()
        let a = plain.routingChanges(to: replicaA, signal: ChangeSignal())
        let b = plain.routingChanges(to: replicaB, signal: ChangeSignal())
        let subscriptions = try #require(plain.subscriptions)
        let outbox = try #require(plain.outbox)
        let feed = try #require(plain.changes)
        let now = DateTimeOffset.now()
        let later = DateTimeOffset(secondsSinceEpoch: now.secondsSinceEpoch + 3600)

        // Both routers have routed with no subscription: each holds the generation it loaded.
        _ = try await a.alerts.ingest(tenantId: "t1", alerts: [try sample("warm-a")], at: now)
        _ = try await b.alerts.ingest(tenantId: "t1", alerts: [try sample("warm-b")], at: now)
        let loadsBefore = replicaB.loads
        #expect(replicaA.generation == replicaB.generation)

        // Made "on A"; B has not been told. B's next change routes to it all the same.
        try await subscriptions.create(subscription("s-new", created: 1_800_000_000, expires: later))
        _ = try await b.alerts.ingest(tenantId: "t1", alerts: [try sample("after-1")], at: now)
        #expect(replicaB.loads == loadsBefore + 1)
        var routed = try await routedEntries(outbox)
        let first = try await feed.lastSequence(tenantId: "t1")
        #expect(routed["s-new"] == [first])
        // An update through B is routed too; a change of another tenant is not.
        _ = try await b.alerts.update(tenantId: "t1", id: "warm-a", provider: "P1") { $0.assignedTo = "soc" }
        _ = try await b.alerts.ingest(tenantId: "t2", alerts: [try sample("elsewhere")], at: now)
        routed = try await routedEntries(outbox)
        #expect(routed["s-new"]?.count == 2)
        // No change, no reload.
        let loads = replicaB.loads
        _ = try await b.alerts.ingest(tenantId: "t1", alerts: [try sample("after-2")], at: now)
        #expect(replicaB.loads == loads)

        // Deleted "on A": B stops routing to it at once.
        #expect(try await subscriptions.delete(tenantId: "t1", id: "s-new"))
        _ = try await b.alerts.ingest(tenantId: "t1", alerts: [try sample("after-delete")], at: now)
        routed = try await routedEntries(outbox)
        #expect(routed["s-new"] == nil)
    }

    /// Writers on two routers run while a subscription is made: every change committed after `create`
    /// returned is routed to it, whichever router wrote it.
    static func routingUnderConcurrentCreation(_ plain: VigilStore) async throws {
        let routers = [LoadedRouter(), LoadedRouter()]
        let stores = routers.map { plain.routingChanges(to: $0, signal: ChangeSignal()) }
        let subscriptions = try #require(plain.subscriptions)
        let outbox = try #require(plain.outbox)
        let feed = try #require(plain.changes)
        let now = DateTimeOffset.now()
        let later = DateTimeOffset(secondsSinceEpoch: now.secondsSinceEpoch + 3600)
        for (n, store) in stores.enumerated() {
            _ = try await store.alerts.ingest(tenantId: "t1", alerts: [try sample("warm-\(n)")], at: now)
        }

        for round in 0..<3 {
            let id = "s-\(round)"
            let created = Flag()
            let marks = try await withThrowingTaskGroup(of: Int64.self) { group in
                for (n, store) in stores.enumerated() {
                    group.addTask {
                        var i = 0
                        // Keep writing until well after the subscription exists.
                        var afterCreation = 0
                        while afterCreation < 15 {
                            if created.isSet { afterCreation += 1 }
                            _ = try await store.alerts.ingest(tenantId: "t1", alerts: [try sample("r\(round)-w\(n)-\(i)")], at: now)
                            i += 1
                        }
                        return 0
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(20))
                    try await subscriptions.create(subscription(id, created: 1_800_000_000 + Int64(round), expires: later))
                    let mark = try await feed.lastSequence(tenantId: nil)
                    created.set()
                    return mark
                }
                var mark: Int64 = 0
                for try await m in group { mark = max(mark, m) }
                return mark
            }
            let after = try await feed.changes(tenantId: "t1", after: marks, limit: 10_000).map(\.change.sequence)
            #expect(after.count >= 30)
            let routed = try await routedEntries(outbox)[id] ?? []
            let missed = Set(after).subtracting(routed)
            #expect(missed.isEmpty, "round \(round): \(missed.count) of \(after.count) changes committed after the subscription was made were routed to nobody")
        }
    }
}
