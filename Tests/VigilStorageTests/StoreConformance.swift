import Foundation
import Testing
import VigilCore
@testable import VigilStorage

/// The contract every store keeps, whatever the backend: one body per repository, run on memory, SQLite
/// and PostgreSQL by `StoreConformanceTests` and `PostgresStoreConformanceTests`.
enum StoreConformance {
    static func alert(_ json: String) throws -> Alert {
        try #require(try AlertDocument.read(Array(json.utf8)).first)
    }

    static func sample(_ id: String, provider: String = "P1", severity: String = "high", extra: String = "") throws -> Alert {
        try alert(#"{"id":"\#(id)","title":"t \#(id)","severity":"\#(severity)","status":"newAlert","vendorInformation":{"provider":"\#(provider)","vendor":"V"},"createdDateTime":"2024-01-01T00:00:00Z"\#(extra)}"#)
    }

    // MARK: - Identity

    static func identity(_ store: VigilStore) async throws {
        let identity = store.identity
        #expect(try await identity.tenants().isEmpty)
        let a = try await identity.createTenant(name: "A", id: "tenant-a")
        try await Task.sleep(for: .milliseconds(2))
        let b = try await identity.createTenant(name: "B")
        #expect(try await identity.tenants().map(\.id) == ["tenant-a", b.id])
        #expect(try await identity.tenant(id: "tenant-a") == Tenant(id: "tenant-a", name: "A"))
        #expect(try await identity.tenant(id: "nope") == nil)
        await #expect(throws: (any Error).self) { _ = try await identity.createTenant(name: "again", id: "tenant-a") }

        let (app, secret) = try await identity.createApp(tenantId: a.id, name: "app", roles: ["R1", "R2"], multiTenant: false)
        #expect(app.roles == ["R1", "R2"])
        #expect(secret.revealed.utf8.count == 43)
        #expect(try await identity.app(clientId: app.clientId) == app)
        #expect(try await identity.authenticate(clientId: app.clientId, secret: secret.revealed) == app)
        #expect(try await identity.authenticate(clientId: app.clientId, secret: secret.revealed + "x") == nil)
        #expect(try await identity.authenticate(clientId: "unknown", secret: secret.revealed) == nil)
        await #expect(throws: VigilError.self) {
            _ = try await identity.createApp(tenantId: "nope", name: "x", roles: [], multiTenant: false)
        }

        // A rotated secret replaces the old one at once; disabling is recorded on the app and can be undone.
        let rotated = try await identity.rotateSecret(clientId: app.clientId)
        #expect(rotated != secret)
        #expect(try await identity.authenticate(clientId: app.clientId, secret: secret.revealed) == nil)
        #expect(try await identity.authenticate(clientId: app.clientId, secret: rotated.revealed) == app)
        #expect(app.isDisabled == false)
        try await identity.setDisabled(clientId: app.clientId, true)
        #expect(try await identity.app(clientId: app.clientId)?.isDisabled == true)
        #expect(try await identity.authenticate(clientId: app.clientId, secret: rotated.revealed)?.isDisabled == true)
        try await identity.setDisabled(clientId: app.clientId, false)
        #expect(try await identity.app(clientId: app.clientId) == app)
        await #expect(throws: VigilError.self) { _ = try await identity.rotateSecret(clientId: "nope") }
        await #expect(throws: VigilError.self) { try await identity.setDisabled(clientId: "nope", true) }

        // Consent: only multi-tenant apps act elsewhere, with the consented roles; a new consent replaces.
        #expect(try await identity.roles(of: app, in: a.id) == ["R1", "R2"])
        #expect(try await identity.roles(of: app, in: b.id) == nil)
        await #expect(throws: VigilError.self) { try await identity.consent(tenantId: b.id, clientId: app.clientId, roles: ["R1"]) }
        let (multi, _) = try await identity.createApp(tenantId: a.id, name: "mssp", roles: ["R1"], multiTenant: true)
        #expect(try await identity.roles(of: multi, in: b.id) == nil)
        try await identity.consent(tenantId: b.id, clientId: multi.clientId, roles: ["X", "Y"])
        #expect(try await identity.roles(of: multi, in: b.id) == ["X", "Y"])
        try await identity.consent(tenantId: b.id, clientId: multi.clientId, roles: ["Z"])
        #expect(try await identity.roles(of: multi, in: b.id) == ["Z"])
        await #expect(throws: VigilError.self) { try await identity.consent(tenantId: b.id, clientId: "nope", roles: []) }

        #expect(try await identity.signingKeys().isEmpty)
        try await identity.addSigningKey(kid: "k1", algorithm: "ES256", pem: Secret("pem-1"))
        try await Task.sleep(for: .milliseconds(2))
        try await identity.addSigningKey(kid: "k0", algorithm: "ES256", pem: Secret("pem-0"))
        let keys = try await identity.signingKeys()
        #expect(keys.map(\.kid) == ["k1", "k0"])
        #expect(keys.map(\.material.revealed) == ["pem-1", "pem-0"])
        #expect(keys.map(\.algorithm) == ["ES256", "ES256"])
        #expect(keys.allSatisfy { $0.retiredAt == nil })
        try await identity.updateSigningKey(kid: "k1", material: Secret("sealed-1"))
        await #expect(throws: VigilError.self) { try await identity.updateSigningKey(kid: "nope", material: Secret("x")) }
        try await identity.addSigningKey(kid: "k2", algorithm: "ES256", pem: Secret("pem-2"))
        let at = DateTimeOffset(secondsSinceEpoch: 1_800_000_000)
        #expect(try await identity.retireSigningKeys(except: "k2", at: at) == ["k0", "k1"])
        #expect(try await identity.retireSigningKeys(except: "k2", at: .now()).isEmpty)
        let afterRotation = try await identity.signingKeys()
        #expect(afterRotation.map(\.kid) == ["k1", "k0", "k2"])
        #expect(afterRotation.map(\.material.revealed) == ["sealed-1", "pem-0", "pem-2"])
        #expect(afterRotation.map(\.retiredAt) == [at, at, nil])
        try await identity.deleteSigningKey(kid: "k0")
        #expect(try await identity.signingKeys().map(\.kid) == ["k1", "k2"])
    }

    // MARK: - Indicators

    static func indicator(_ id: String, action: String = "block", externalId: String? = nil, expires: DateTimeOffset? = nil,
                          active: Bool? = nil) -> TiIndicator {
        var t = TiIndicator()
        t.id = id
        t.action = TiAction(rawValue: action)
        t.externalId = externalId
        t.expirationDateTime = expires
        t.isActive = active
        t.domainName = "\(id).example"
        t.targetProduct = "Azure Sentinel"
        return t
    }

    static func indicators(_ store: VigilStore) async throws {
        let repository = store.indicators
        let now = DateTimeOffset(secondsSinceEpoch: 1_800_000_000)
        let past = DateTimeOffset(secondsSinceEpoch: 1_700_000_000)
        let future = DateTimeOffset(secondsSinceEpoch: 1_900_000_000)
        #expect(try await repository.generation(tenantId: "t1") == 0)
        try await repository.create(tenantId: "t1", appId: "app-1", [
            indicator("i2", externalId: "x", expires: future),
            indicator("i1", action: "alert", externalId: "x", expires: past),
            indicator("i3", action: "allow", active: false),
        ], at: now)
        try await repository.create(tenantId: "t1", appId: "app-2", [indicator("i4", externalId: "y")],
                                    at: DateTimeOffset(secondsSinceEpoch: 1_800_000_001))
        try await repository.create(tenantId: "t2", appId: "app-1", [indicator("i9")], at: now)
        try await repository.create(tenantId: "t1", appId: "app-1", [], at: now)  // nothing, no bump
        #expect(try await repository.generation(tenantId: "t1") == 2)

        #expect(try await repository.owned(tenantId: "t1", appId: "app-1").compactMap(\.id) == ["i1", "i2", "i3"])
        #expect(try await repository.owned(tenantId: "t2", appId: "app-1").compactMap(\.id) == ["i9"])
        #expect(try await repository.get(tenantId: "t1", appId: "app-1", id: "i2")?.domainName == "i2.example")
        #expect(try await repository.get(tenantId: "t1", appId: "app-2", id: "i2") == nil)  // another owner
        #expect(try await repository.indicator(tenantId: "t1", id: "i4")?.externalId == "y")
        #expect(try await repository.indicator(tenantId: "t2", id: "i4") == nil)

        let active = try await repository.forEachActive(tenantId: "t1", at: now, into: [String]()) { ids, t in ids.append(t.id ?? "") }
        #expect(active.sorted() == ["i2", "i4"])
        let blocks = try await repository.forEachActive(tenantId: "t1", action: "block", at: now, into: 0) { n, _ in n += 1 }
        #expect(blocks == 2)
        let alerts = try await repository.forEachActive(tenantId: "t1", action: "alert", at: past, into: 0) { n, _ in n += 1 }
        #expect(alerts == 0)  // expires exactly then: no longer active
        let earlier = DateTimeOffset(secondsSinceEpoch: 1_600_000_000)
        #expect(try await repository.forEachActive(tenantId: "t1", action: "alert", at: earlier, into: 0) { n, _ in n += 1 } == 1)

        let updated = try await repository.update(tenantId: "t1", appId: "app-1", id: "i2", at: now) { t in
            t.action = TiAction(rawValue: "allow")
            t.description = "changed"
        }
        #expect(updated?.description == "changed")
        #expect(try await repository.get(tenantId: "t1", appId: "app-1", id: "i2")?.description == "changed")
        #expect(try await repository.forEachActive(tenantId: "t1", action: "allow", at: now, into: 0) { n, _ in n += 1 } == 1)
        #expect(try await repository.update(tenantId: "t1", appId: "app-2", id: "i2", at: now) { _ in } == nil)
        #expect(try await repository.generation(tenantId: "t1") == 3)

        #expect(try await repository.delete(tenantId: "t1", appId: "app-1", ids: ["i3", "nope", "i3", "i4"]) == [true, false, false, false])
        #expect(try await repository.delete(tenantId: "t1", appId: "app-1", externalIds: ["x", "z", "x"]) == [2, 0, 0])
        #expect(try await repository.owned(tenantId: "t1", appId: "app-1").isEmpty)
        #expect(try await repository.generation(tenantId: "t1") == 5)
        #expect(try await repository.delete(tenantId: "t1", appId: "app-1", ids: ["nope"]) == [false])
        #expect(try await repository.generation(tenantId: "t1") == 5)

        // Retention: only indicators expired before the cutoff go, in every tenant, each tenant bumped.
        try await repository.create(tenantId: "t2", appId: "app-1", [indicator("old", expires: past),
                                                                      indicator("new", expires: future)], at: now)
        let before = try await repository.generation(tenantId: "t2")
        #expect(try await repository.purge(expiredBefore: now) == 1)
        #expect(try await repository.generation(tenantId: "t2") == before + 1)
        #expect(try await repository.owned(tenantId: "t2", appId: "app-1").compactMap(\.id).sorted() == ["i9", "new"])
        #expect(try await repository.purge(expiredBefore: now) == 0)
    }

    // MARK: - Federation state

    static func federationState(_ store: VigilStore) async throws {
        let state = store.federationState
        let t0 = DateTimeOffset(secondsSinceEpoch: 1_800_000_000)
        let t1 = DateTimeOffset(secondsSinceEpoch: 1_800_000_060)
        try await state.record([])
        try await state.record([ProviderCallRecord(name: "p", at: t0, status: 200, latencyMs: 12, error: nil),
                                ProviderCallRecord(name: "q", at: t0, status: 504, latencyMs: 10_000, error: "timeout")])
        try await state.record([ProviderCallRecord(name: "p", at: t1, status: 502, latencyMs: 5, error: "bad"),
                                ProviderCallRecord(name: "q", at: t1, status: 503, latencyMs: 1, error: "open")])
        let health = try await state.health()
        #expect(health["p"] == ProviderHealth(name: "p", lastSuccessAt: t0.iso8601, lastErrorAt: t1.iso8601, lastError: "bad",
                                              lastStatus: 502, lastLatencyMs: 5, consecutiveFailures: 1, calls: 2, failures: 1))
        #expect(health["q"]?.consecutiveFailures == 2)
        #expect(health["q"]?.lastSuccessAt == nil)
        try await state.record([ProviderCallRecord(name: "q", at: t1, status: 200, latencyMs: 3, error: nil)])
        #expect(try await state.health()["q"]?.consecutiveFailures == 0)
        #expect(try await state.health()["q"]?.failures == 2)

        try await state.learnRoutes(tenantId: "t1", routes: [("a1", "p"), ("a2", "q"), ("a1", "q")], at: t0)
        #expect(try await state.route(tenantId: "t1", alertId: "a1") == "q")
        #expect(try await state.route(tenantId: "t1", alertId: "a2") == "q")
        #expect(try await state.route(tenantId: "t2", alertId: "a1") == nil)
        try await state.learnRoutes(tenantId: "t1", routes: [("a2", "p")], at: t1)
        #expect(try await state.route(tenantId: "t1", alertId: "a2") == "p")
    }

    // MARK: - Tail cursors

    static func tailCursors(_ store: VigilStore) async throws {
        let cursors = store.tailCursors
        #expect(try await cursors.cursor(source: "s1") == nil)
        try await cursors.save(source: "s1", TailCursor(inode: UInt64.max - 5, offset: 10))
        try await cursors.save(source: "s2", TailCursor(inode: 7, offset: 0))
        #expect(try await cursors.cursor(source: "s1") == TailCursor(inode: UInt64.max - 5, offset: 10))
        try await cursors.save(source: "s1", TailCursor(inode: 8, offset: 1 << 40))
        #expect(try await cursors.cursor(source: "s1") == TailCursor(inode: 8, offset: 1 << 40))
        #expect(try await cursors.cursor(source: "s2") == TailCursor(inode: 7, offset: 0))
    }

    // MARK: - Leases

    static func leases(_ store: VigilStore) async throws {
        let leases = store.leases
        #expect(try await leases.lease("job") == nil)
        let first = try #require(try await leases.claim("job", holder: "a", ttl: .seconds(30)))
        #expect(first.holder == "a")
        #expect(first.generation == 1)
        #expect(first.expiresAt > DateTimeOffset.now())
        #expect(try await leases.claim("job", holder: "b", ttl: .seconds(30)) == nil)  // held
        let again = try #require(try await leases.claim("job", holder: "a", ttl: .seconds(30)))
        #expect(again.generation == 1)  // a renewal keeps the generation
        #expect(try await leases.renew("job", holder: "a", ttl: .seconds(30))?.generation == 1)
        #expect(try await leases.renew("job", holder: "b", ttl: .seconds(30)) == nil)
        #expect(try await leases.lease("job")?.holder == "a")

        // A lapsed lease is taken over, with a new generation; the old holder's renewal then fails.
        // (Refusal while held is checked on "job" above; a 1 ms lease has lapsed after the sleep, whatever the load.)
        #expect(try await leases.claim("short", holder: "a", ttl: .milliseconds(1)) != nil)
        try await Task.sleep(for: .milliseconds(50))
        let taken = try #require(try await leases.claim("short", holder: "b", ttl: .seconds(30)))
        #expect(taken.holder == "b")
        #expect(taken.generation == 2)
        #expect(try await leases.renew("short", holder: "a", ttl: .seconds(30)) == nil)

        // Release: another holder can claim at once; releasing what one does not hold says so.
        #expect(try await leases.release("job", holder: "b") == false)
        #expect(try await leases.release("job", holder: "a") == true)
        #expect(try await leases.claim("job", holder: "b", ttl: .seconds(30))?.generation == 2)

        // withLease runs the body holding the lease and releases it after, also when the body throws.
        let value = try await leases.withLease("once", holder: "c", ttl: .seconds(30)) { () async throws -> Int in
            let other = try await leases.claim("once", holder: "d", ttl: .seconds(30))
            #expect(other == nil)
            return 42
        }
        #expect(value == 42)
        await #expect(throws: VigilError.self) {
            try await leases.withLease("once", holder: "c") { throw VigilError(.badRequest, "body failed") }
        }
        #expect(try await leases.claim("once", holder: "d", ttl: .seconds(30)) != nil)
        await #expect(throws: VigilError.self) {
            try await leases.withLease("once", holder: "e", wait: .milliseconds(300)) { 1 }
        }
    }

    // MARK: - Alerts

    static func alerts(_ store: VigilStore) async throws {
        let repository = store.alerts
        let now = DateTimeOffset(secondsSinceEpoch: 1_800_000_000)
        // New alerts, a repeat inside the batch, and the same id from another provider.
        let outcomes = try await repository.ingest(tenantId: "t1", alerts: [
            try sample("a"), try sample("b"), try sample("a", severity: "low"), try sample("a", provider: "P0"),
            try sample("a", severity: "medium"),
        ], at: now)
        #expect(outcomes == [.created(id: "a"), .created(id: "b"), .updated(id: "a", occurrenceCount: 2),
                             .created(id: "a"), .updated(id: "a", occurrenceCount: 3)])
        #expect(try await repository.ingest(tenantId: "t1", alerts: [], at: now).isEmpty)
        #expect(try await repository.ingest(tenantId: "t2", alerts: [try sample("a")], at: now) == [.created(id: "a")])
        #expect(try await repository.count(tenantId: "t1") == 3)
        #expect(try await repository.count(tenantId: "t2") == 1)
        #expect(try await repository.count(tenantId: nil) == 4)
        #expect(try await repository.count(tenantId: "t3") == 0)

        // By id: the first provider by name; the last ingest replaced the alert.
        let a = try #require(try await repository.alert(tenantId: "t1", id: "a"))
        #expect(a.vendorInformation?.provider == "P0")
        #expect(a.passthrough.properties[AlertRecord.occurrenceCountAnnotation] == .int(1))
        #expect(try await repository.alert(tenantId: "t3", id: "a") == nil)

        // An update keeps the occurrence count; a re-ingest keeps the history the update wrote.
        let changed = try await repository.update(tenantId: "t1", id: "a", provider: "P1") { alert in
            alert.status = AlertStatus(rawValue: "resolved")
            alert.historyStates = [AlertHistoryState(jsonObject: ["comments": ["closed"], "user": "u"])]
        }
        #expect(changed?.status?.rawValue == "resolved")
        #expect(try await repository.update(tenantId: "t1", id: "missing", provider: nil) { _ in } == nil)
        #expect(try await repository.update(tenantId: "t1", id: "a", provider: "P9") { _ in } == nil)
        let page = try await repository.list(tenantId: "t1", request: AlertListRequest(
            filter: try ODataQuery<Alert>.parse([("$filter", "status eq 'resolved'")]).filter, orderBy: [], top: 10, count: true))
        let resolved = try page.alerts()
        #expect(resolved.map { $0.vendorInformation?.provider } == ["P1"])
        #expect(resolved.first?.passthrough.properties[AlertRecord.occurrenceCountAnnotation] == .int(3))
        #expect(page.totalCount == 1)

        #expect(try await repository.ingest(tenantId: "t1", alerts: [try sample("a", severity: "low")], at: now)
                == [.updated(id: "a", occurrenceCount: 4)])
        let reingested = try #require(try await repository.list(tenantId: "t1", request: AlertListRequest(
            filter: try ODataQuery<Alert>.parse([("$filter", "vendorInformation/provider eq 'P1' and id eq 'a'")]).filter,
            orderBy: [], top: 10)).alerts().first)
        #expect(reingested.severity?.rawValue == "low")
        #expect(reingested.status?.rawValue == "newAlert")  // the provider is the source of truth…
        #expect(reingested.historyStates?.first?.comments == ["closed"])  // …but the history stays
        #expect(try await repository.list(tenantId: "t2", request: AlertListRequest(filter: nil, orderBy: [], top: 10))
                .items.count == 1)
    }
}
