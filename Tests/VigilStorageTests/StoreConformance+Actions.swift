import Foundation
import Testing
import VigilCore
@testable import VigilStorage

/// Security actions: idempotent creation, tenant and app scoping, claims as leases, saves that keep a
/// cancellation requested meanwhile.
extension StoreConformance {
    static func action(_ id: String, tenant: String = "t1", app: String = "app-1", request: String? = nil,
                       created: Int64, nextRunAt: Double?) -> SecurityActionRecord {
        var action = SecurityAction()
        action.id = id
        action.name = "blockIp"
        action.azureTenantId = tenant
        action.begin(appId: app, user: nil, at: DateTimeOffset(secondsSinceEpoch: created))
        return SecurityActionRecord(tenantId: tenant, id: id, appId: app, clientRequestId: request, handler: "vigil",
                                    nextRunAt: nextRunAt, action: action)
    }

    static func actions(_ store: VigilStore) async throws {
        let repository = try #require(store.actions)
        let base = clock()
        _ = try await repository.create(action("a1", request: "r1", created: 1_800_000_001, nextRunAt: base - 10))
        _ = try await repository.create(action("a2", created: 1_800_000_002, nextRunAt: base - 5))
        _ = try await repository.create(action("a3", tenant: "t2", created: 1_800_000_003, nextRunAt: base - 1))
        _ = try await repository.create(action("a4", created: 1_800_000_004, nextRunAt: nil))
        _ = try await repository.create(action("a5", created: 1_800_000_005, nextRunAt: base + 3600))
        // The same app repeating its request gets the first action back; another app's request is its own.
        let repeated = try await repository.create(action("a1-again", request: "r1", created: 1_800_000_006, nextRunAt: base))
        #expect(repeated.id == "a1")
        #expect(repeated.action.createdDateTime == DateTimeOffset(secondsSinceEpoch: 1_800_000_001))
        let other = try await repository.create(action("b1", app: "app-2", request: "r1", created: 1_800_000_007, nextRunAt: nil))
        #expect(other.id == "b1")
        #expect(try await repository.actions(tenantId: "t1", appId: nil).map(\.id) == ["a1", "a2", "a4", "a5", "b1"])
        #expect(try await repository.actions(tenantId: "t1", appId: "app-2").map(\.id) == ["b1"])
        #expect(try await repository.actions(tenantId: "t2", appId: nil).map(\.id) == ["a3"])
        #expect(try await repository.action(tenantId: "t1", id: "a3") == nil)
        let a1 = try #require(try await repository.action(tenantId: "t1", id: "a1"))
        #expect(a1.clientRequestId == "r1")
        #expect(a1.handler == "vigil")
        #expect(a1.nextRunAt == base - 10)
        #expect(a1.cancelRequested == false)
        #expect(a1.action.phase == .notStarted)

        // Due actions of every tenant, oldest due first; claimed ones are not due to anyone else.
        let first = try await repository.claimDue(now: clock(), lease: 120, limit: 2)
        #expect(Set(first.map(\.id)) == ["a1", "a2"])
        #expect(try await repository.claimDue(now: clock(), lease: 120, limit: 10).map(\.id) == ["a3"])
        #expect(try await repository.claimDue(now: clock(), lease: 120, limit: 10).isEmpty)
        #expect(try await repository.nextDue() == base + 3600)

        // A cancellation requested while the runner works stays requested, and makes the action due at once.
        #expect(try await repository.requestCancel(tenantId: "t1", id: "a2", now: base - 1))
        #expect(try await repository.requestCancel(tenantId: "t1", id: "a4", now: base) == false)  // finished
        #expect(try await repository.requestCancel(tenantId: "t2", id: "a2", now: base) == false)
        var a2 = try #require(first.first { $0.id == "a2" })
        a2.nextRunAt = base + 50
        a2.attempts = 1
        try await repository.save(a2, cancelHandled: false, now: base - 1)
        var saved = try #require(try await repository.action(tenantId: "t1", id: "a2"))
        #expect(saved.cancelRequested)
        #expect(saved.nextRunAt == base - 1)
        #expect(saved.attempts == 1)
        #expect(try await repository.claimDue(now: clock(), lease: 120, limit: 10).map(\.id) == ["a2"])
        a2.nextRunAt = nil
        try a2.action.transition(to: .failed, appId: "vigil", user: nil, at: .now(), error: ResultInfo(code: 499, message: "Cancelled"))
        try await repository.save(a2, cancelHandled: true, now: clock())
        saved = try #require(try await repository.action(tenantId: "t1", id: "a2"))
        #expect(saved.cancelRequested == false)
        #expect(saved.nextRunAt == nil)
        #expect(saved.action.phase == .failed)

        // A save stores the entity and schedule and releases the claim.
        var a1Claimed = try #require(first.first { $0.id == "a1" })
        a1Claimed.remoteId = "remote-1"
        a1Claimed.attempts = 3
        a1Claimed.nextRunAt = base - 2
        try a1Claimed.action.transition(to: .running, appId: "vigil", user: nil, at: .now())
        try await repository.save(a1Claimed, cancelHandled: false, now: clock())
        let a1Saved = try #require(try await repository.action(tenantId: "t1", id: "a1"))
        #expect(a1Saved.remoteId == "remote-1")
        #expect(a1Saved.attempts == 3)
        #expect(a1Saved.action.phase == .running)
        #expect(try await repository.nextDue() == base - 2)

        // A lapsed claim is claimed again; a live one is not.
        let short = try await repository.claimDue(now: clock(), lease: 0.05, limit: 10)
        #expect(short.map(\.id) == ["a1"])
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await repository.claimDue(now: clock(), lease: 120, limit: 10).map(\.id) == ["a1"])
    }

    /// Runners claiming at the same moment get disjoint actions, and together all that are due.
    static func concurrentActionClaims(_ store: VigilStore) async throws {
        let repository = try #require(store.actions)
        let base = clock()
        for n in 0..<40 {
            _ = try await repository.create(action("c\(n)", tenant: "t\(n % 3)", created: 1_800_000_000 + Int64(n),
                                                   nextRunAt: base - Double(n)))
        }
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<6 {
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let batch = try await repository.claimDue(now: clock(), lease: 120, limit: 3)
                        if batch.isEmpty { return mine }
                        mine += batch.map { "\($0.tenantId)/\($0.id)" }
                    }
                }
            }
            var all: [String] = []
            for try await part in group { all += part }
            return all
        }
        #expect(claimed.count == 40)
        #expect(Set(claimed).count == 40)
    }
}
