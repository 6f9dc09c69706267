import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import VigilCore
import VigilStorage
@testable import VigilServer
@testable import VigilEngine

@Suite("Federation")
struct FederationTests {
    /// Ingests local alerts into tenant A through the API.
    static func ingestLocal(_ client: some TestClientProtocol, token: String, count: Int) async throws {
        let lines = (0..<count).map { i in
            #"{"id":"local-\#(i)","title":"Local \#(i)","severity":"\#(["high", "low"][i % 2])","status":"newAlert","vendorInformation":{"provider":"TestProvider","vendor":"TestVendor"},"createdDateTime":"2024-02-01T00:\#(String(format: "%02d", (i * 11) % 60)):30Z"}"#
        }
        let (status, _, _) = try await client.call("/ingest/alerts", .post, token: token, body: lines.joined(separator: "\n"),
                                                   contentType: "application/x-ndjson")
        #expect(status == .ok)
    }

    static func ids(_ body: JSONValue) -> [String] {
        (body["value"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
    }

    @Test("Healthy providers are merged in order; each failing provider gets its exact Warning item")
    func fanOutWarnings() async throws {
        let server = try await TestServer.make()
        let good = try await FakeProvider.start(mode: .alerts, alerts: remoteAlerts("g", count: 6, vendor: "Vendor-good", provider: "Provider-good"))
        let failing = try await FakeProvider.start(mode: .status(500))
        let forbidden = try await FakeProvider.start(mode: .status(403))
        let garbage = try await FakeProvider.start(mode: .garbage)
        let hung = try await FakeProvider.start(mode: .never)
        let missing = try await FakeProvider.start(mode: .status(404))
        let big = try await FakeProvider.start(mode: .oversized)
        defer { [good, failing, forbidden, garbage, hung, missing, big].forEach { $0.stop() } }
        var bigConfig = server.provider("big", big)
        bigConfig.maxResponseBytes = 64 * 1024
        let services = try server.federated([
            server.provider("good", good), server.provider("failing", failing), server.provider("forbidden", forbidden),
            server.provider("garbage", garbage), server.provider("hung", hung, timeout: 0.5),
            server.provider("missing", missing), bigConfig,
        ])
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            try await Self.ingestLocal(client, token: token, count: 4)
            // The hung provider never answers; the list still comes (how soon is `vigil bench federation`'s job).
            let (status, body, headers) = try await client.call(
                "/v1.0/security/alerts?$orderby=createdDateTime%20desc&$top=50", token: token)
            #expect(status == .partialContent)
            let warning = try #require(headers[.warning])
            let items = warning.components(separatedBy: ", ")
            #expect(items.count == 5, "\(warning)")
            #expect(items.contains { $0.hasPrefix(#"199 - "Vendor-failing/Provider-failing/500/"#) })
            #expect(items.contains { $0.hasPrefix(#"199 - "Vendor-forbidden/Provider-forbidden/403/"#) })
            #expect(items.contains { $0.hasPrefix(#"199 - "Vendor-garbage/Provider-garbage/502/"#) })
            #expect(items.contains { $0.hasPrefix(#"199 - "Vendor-big/Provider-big/502/"#) })
            let hungItem = try #require(items.first { $0.hasPrefix(#"199 - "Vendor-hung/Provider-hung/504/"#) })
            let latency = Int(hungItem.dropFirst(#"199 - "Vendor-hung/Provider-hung/504/"#.count).dropLast()) ?? -1
            #expect(latency >= 500, "\(hungItem)")
            for item in items {
                #expect(item.range(of: #"^199 - "[^/"]+/[^/"]+/\d{3}/\d+"$"#, options: .regularExpression) != nil, "\(item)")
            }
            // Local and the good provider's items, merged newest first; remote items keep unknown fields.
            let values = try #require(body["value"]?.arrayValue)
            #expect(values.count == 10)
            let dates = values.compactMap { $0["createdDateTime"]?.stringValue }
            #expect(dates == dates.sorted(by: >))
            #expect(Set(Self.ids(body)) == Set((0..<4).map { "local-\($0)" } + (0..<6).map { "g-\($0)" }))
            let remote = try #require(values.first { $0["id"]?.stringValue == "g-2" })
            #expect(remote["x-remote-extra"]?.stringValue == "kept-2")
            #expect(remote["vendorInformation"]?["provider"]?.stringValue == "Provider-good")
            // Each remote provider received the query with its $top.
            #expect(good.with { $0.lastQuery["$top"] } == "50")
            #expect(good.with { $0.lastQuery["$orderby"] } == "createdDateTime desc")
        }
    }

    @Test("When every provider fails the answer is 206 with an empty value")
    func everyProviderFails() async throws {
        let server = try await TestServer.make()
        let a = try await FakeProvider.start(mode: .status(500))
        let b = try await FakeProvider.start(mode: .status(401))
        defer { a.stop(); b.stop() }
        let services = try server.federated([server.provider("a", a), server.provider("b", b)])
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (status, body, headers) = try await client.call("/v1.0/security/alerts", token: token)
            #expect(status == .partialContent)
            #expect(body["value"]?.arrayValue?.isEmpty == true)
            let warning = headers[.warning] ?? ""
            #expect(warning.contains(#""Vendor-a/Provider-a/500/"#))
            #expect(warning.contains(#""Vendor-b/Provider-b/401/"#))
            // Tenant B does not fan out to tenant A's providers.
            let tokenB = try await server.token(client, tenant: server.tenantB, app: server.adminB)
            let (statusB, _, headersB) = try await client.call("/v1.0/security/alerts", token: tokenB)
            #expect(statusB == .ok)
            #expect(headersB[.warning] == nil)
        }
    }

    @Test("Merge order follows several $orderby keys across providers", arguments: [
        "severity desc,createdDateTime asc", "createdDateTime desc", "title asc", "severity asc,title desc",
    ])
    func mergeOrder(orderBy: String) async throws {
        let server = try await TestServer.make()
        let x = remoteAlerts("x", count: 9, vendor: "Vendor-x", provider: "Provider-x")
        let y = remoteAlerts("y", count: 7, vendor: "Vendor-y", provider: "Provider-y", start: 3)
        let px = try await FakeProvider.start(mode: .alerts, alerts: x)
        let py = try await FakeProvider.start(mode: .alerts, alerts: y)
        defer { px.stop(); py.stop() }
        let services = try server.federated([server.provider("x", px), server.provider("y", py)])
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            try await Self.ingestLocal(client, token: token, count: 5)
            let (status, body, _) = try await client.call(
                "/v1.0/security/alerts?$orderby=\(percentEncodeQueryComponent(orderBy))&$top=100", token: token)
            #expect(status == .ok)
            let local = try await server.services.alerts.list(tenantId: server.tenantA,
                                                              request: AlertListRequest(filter: nil, orderBy: [], top: 100)).alerts()
            let query = try ODataQuery<Alert>.parse([("$orderby", orderBy)])
            let expected = query.evaluate(local + x + y).compactMap(\.id)
            #expect(Self.ids(body) == expected)
        }
    }

    @Test("Paging through three providers with different page sizes returns every item once")
    func paging() async throws {
        let server = try await TestServer.make()
        let x = remoteAlerts("x", count: 11, vendor: "Vendor-x", provider: "Provider-x")
        let y = remoteAlerts("y", count: 4, vendor: "Vendor-y", provider: "Provider-y")
        let px = try await FakeProvider.start(mode: .alerts, alerts: x, pageSize: 3)
        let py = try await FakeProvider.start(mode: .alerts, alerts: y, pageSize: 2)
        defer { px.stop(); py.stop() }
        let services = try server.federated([server.provider("x", px), server.provider("y", py)])
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            try await Self.ingestLocal(client, token: token, count: 9)
            var seen: [String] = []
            var uri: String? = "/v1.0/security/alerts?$top=5&$orderby=createdDateTime%20desc"
            var pages = 0
            while let next = uri, pages < 20 {
                let (status, body, _) = try await client.call(next, token: token)
                #expect(status == .ok)
                seen += Self.ids(body)
                uri = body["@odata.nextLink"]?.stringValue.map { $0.replacingOccurrences(of: "http://vigil.test", with: "") }
                pages += 1
            }
            #expect(pages == 4)  // x: 3+3+3+2, y: 2+2, local: 5+4
            #expect(seen.count == 24)
            #expect(Set(seen).count == 24)
            #expect(Set(seen) == Set((0..<9).map { "local-\($0)" } + x.compactMap(\.id) + y.compactMap(\.id)))

            // A token whose remote continuation leaves the provider's alerts is refused, even signed with the
            // server's own key; so is one signed with another key, or a real one altered.
            let leaving = FederatedSkipToken(
                tenantId: server.tenantA,
                query: PageCursor.queryDigest(filter: nil, orderBy: []) + ".",
                continuations: ["x": "http://127.0.0.1:\(px.port)/v1.0/users?$top=5"])
            let raised = FederatedSkipToken(
                tenantId: server.tenantA,
                query: PageCursor.queryDigest(filter: nil, orderBy: []) + ".",
                continuations: ["x": "http://127.0.0.1:\(px.port)/v1.0/security/alerts?$top=100000"])
            let (_, first, _) = try await client.call("/v1.0/security/alerts?$top=3", token: token)
            let real = try #require(first["@odata.nextLink"]?.stringValue?.components(separatedBy: "$skiptoken=").last)
            var altered = Array(real)
            altered[altered.count / 3] = altered[altered.count / 3] == "A" ? "B" : "A"
            for forged in [leaving.token(services.federation.signer), raised.token(.random()), String(altered),
                           real.components(separatedBy: ".")[0]] {
                let (bad, error, _) = try await client.call("/v1.0/security/alerts?$skiptoken=\(forged)", token: token)
                #expect(bad == .badRequest, "\(forged)")
                expectGraphError(error, code: "BadRequest", contains: "$skiptoken")
            }
        }
    }

    @Test("PATCH writes back to the owning provider; a refusal reaches the client with the provider's status")
    func writeBack() async throws {
        let server = try await TestServer.make()
        let alerts = remoteAlerts("w", count: 3, vendor: "Vendor-w", provider: "Provider-w")
        let w = try await FakeProvider.start(mode: .alerts, alerts: alerts)
        let slow = try await FakeProvider.start(mode: .never)
        defer { w.stop(); slow.stop() }
        let services = try server.federated([server.provider("w", w), server.provider("slow", slow, timeout: 0.3)])
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let body = #"{"assignedTo":"soc@contoso.com","status":"inProgress","vendorInformation":{"provider":"Provider-w","vendor":"Vendor-w"}}"#
            let (ok, updated, _) = try await client.call("/v1.0/security/alerts/w-1", .patch, token: token, body: body,
                                                         headers: [.prefer: "return=representation"])
            #expect(ok == .ok)
            #expect(updated["assignedTo"]?.stringValue == "soc@contoso.com")
            let patches = w.with { $0.patches }
            #expect(patches.count == 1)
            #expect(patches.first?.id == "w-1")
            #expect(patches.first?.body["status"]?.stringValue == "inProgress")
            #expect(patches.first?.body["vendorInformation"]?["provider"]?.stringValue == "Provider-w")

            // The remote alert is not copied into the local store.
            #expect(try await server.services.alerts.alert(tenantId: server.tenantA, id: "w-1") == nil)

            w.with { $0.patchStatus = 403 }
            let (refused, error, _) = try await client.call("/v1.0/security/alerts/w-2", .patch, token: token, body: body)
            #expect(refused == .forbidden)
            expectGraphError(error, code: "Forbidden", contains: "Vendor-w/Provider-w")
            #expect(error["error"]?["message"]?.stringValue?.contains("answered 403") == true)

            w.with { $0.patchStatus = 500 }
            let (failed, error500, _) = try await client.call("/v1.0/security/alerts/w-2", .patch, token: token, body: body)
            #expect(failed == .badGateway)
            expectGraphError(error500, code: "BadGateway", contains: "answered 500")

            let slowBody = #"{"status":"resolved","vendorInformation":{"provider":"Provider-slow","vendor":"Vendor-slow"}}"#
            let (timeout, error504, _) = try await client.call("/v1.0/security/alerts/s-1", .patch, token: token, body: slowBody)
            #expect(timeout == .gatewayTimeout)
            expectGraphError(error504, code: "GatewayTimeout")

            // Unknown remote id: 404, not a silent success.
            w.with { $0.patchStatus = 200 }
            let (missing, _, _) = try await client.call("/v1.0/security/alerts/nope", .patch, token: token, body: body)
            #expect(missing == .notFound)
        }
    }

    @Test("A remote provider's 401 refreshes the client-credentials token once; tokens are cached")
    func tokenRefresh() async throws {
        let server = try await TestServer.make()
        let p = try await FakeProvider.start(mode: .alerts, alerts: remoteAlerts("t", count: 2, vendor: "Vendor-p", provider: "Provider-p"))
        defer { p.stop() }
        let services = try server.federated([server.provider("p", p)])
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            for _ in 0..<3 {
                let (status, body, _) = try await client.call("/v1.0/security/alerts", token: token)
                #expect(status == .ok)
                #expect(Self.ids(body).count == 2)
            }
            #expect(p.with { $0.tokenCalls } == 1)
            // The provider revokes the cached token: one 401, one refresh, the call succeeds.
            p.with { $0.rejectedTokens = [1] }
            let (status, body, _) = try await client.call("/v1.0/security/alerts", token: token)
            #expect(status == .ok)
            #expect(Self.ids(body).count == 2)
            #expect(p.with { $0.tokenCalls } == 2)
            // A provider that refuses every token is a 401 warning, not an endless loop.
            p.with { $0.rejectedTokens = Set(1...100) }
            let (partial, _, headers) = try await client.call("/v1.0/security/alerts", token: token)
            #expect(partial == .partialContent)
            #expect(headers[.warning]?.contains(#""Vendor-p/Provider-p/401/"#) == true)
            #expect(p.with { $0.tokenCalls } == 3)
        }
    }

    @Test("GET by id: 404s dropped, failures warned (Graph's worked example), routes remembered")
    func getById() async throws {
        let server = try await TestServer.make()
        let p1 = try await FakeProvider.start(mode: .status(404))
        let p2 = try await FakeProvider.start(mode: .never)
        let p3 = try await FakeProvider.start(mode: .alerts, alerts: remoteAlerts("p3", count: 2, vendor: "Vendor-p3", provider: "Provider-p3"))
        let p4 = try await FakeProvider.start(mode: .status(403))
        defer { [p1, p2, p3, p4].forEach { $0.stop() } }
        let services = try server.federated([server.provider("p1", p1), server.provider("p2", p2, timeout: 0.3),
                                             server.provider("p3", p3), server.provider("p4", p4)])
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (status, body, headers) = try await client.call("/v1.0/security/alerts/p3-1", token: token)
            #expect(status == .partialContent)
            #expect(body["id"]?.stringValue == "p3-1")
            let items = (headers[.warning] ?? "").components(separatedBy: ", ")
            #expect(items.count == 2)
            #expect(items.contains { $0.hasPrefix(#"199 - "Vendor-p2/Provider-p2/504/"#) })
            #expect(items.contains { $0.hasPrefix(#"199 - "Vendor-p4/Provider-p4/403/"#) })

            let (missing, error, missingHeaders) = try await client.call("/v1.0/security/alerts/none", token: token)
            #expect(missing == .notFound)
            expectGraphError(error, code: "ResourceNotFound")
            #expect(missingHeaders[.warning] != nil)

            // After a listing, the id is routed to its provider only: the failing ones are not asked.
            _ = try await client.call("/v1.0/security/alerts", token: token)
            let state = SQLiteFederationStateRepository(database: try #require(server.services.database))
            var route: String?
            // Routes and health are written in the background: wait for them (bounded, generous for loaded CI).
            for _ in 0..<500 where route == nil {
                route = try await state.route(tenantId: server.tenantA, alertId: "p3-0")
                if route == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(route == "p3")
            let (routed, routedBody, routedHeaders) = try await client.call("/v1.0/security/alerts/p3-0", token: token)
            #expect(routed == .ok)
            #expect(routedBody["id"]?.stringValue == "p3-0")
            #expect(routedHeaders[.warning] == nil)
            // Health is recorded per provider.
            var health = try await state.health()
            for _ in 0..<500 where health["p3"]?.lastSuccessAt == nil || health["p4"]?.lastStatus == nil {
                try await Task.sleep(for: .milliseconds(20))
                health = try await state.health()
            }
            #expect(health["p4"]?.lastStatus == 403)
            #expect((health["p4"]?.failures ?? 0) >= 1)
            #expect(health["p3"]?.lastSuccessAt != nil)
        }
    }

    @Test("The circuit opens after repeated failures, skips with 503, then probes")
    func circuitInService() async throws {
        let server = try await TestServer.make()
        let p = try await FakeProvider.start(mode: .status(500))
        defer { p.stop() }
        var settings = FederationSettings()
        settings.failureThreshold = 2
        settings.coolDownSeconds = 30
        // A manual clock: a loaded machine must not let the cool-down pass between two calls.
        let time = Mutex(0.0)
        let services = try server.federated([server.provider("p", p)], settings: settings,
                                            clock: { time.withLock { $0 } })
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            for _ in 0..<2 { _ = try await client.call("/v1.0/security/alerts", token: token) }
            #expect(services.federation.circuit("p") == .open(until: 30))
            let calls = p.with { $0.listCalls }
            let (_, _, headers) = try await client.call("/v1.0/security/alerts", token: token)
            #expect(headers[.warning] == #"199 - "Vendor-p/Provider-p/503/0""#)
            #expect(p.with { $0.listCalls } == calls)
            time.withLock { $0 = 29.9 }
            _ = try await client.call("/v1.0/security/alerts", token: token)
            #expect(p.with { $0.listCalls } == calls)
            time.withLock { $0 = 30 }
            p.with { $0.mode = .alerts }
            let (status, _, probeHeaders) = try await client.call("/v1.0/security/alerts", token: token)
            #expect(status == .ok)
            #expect(probeHeaders[.warning] == nil)
            #expect(p.with { $0.listCalls } == calls + 1)
            #expect(services.federation.circuit("p") == .closed(failures: 0))
        }
    }

    @Test("Circuit breaker state machine")
    func circuitBreaker() {
        var b = CircuitBreaker(threshold: 3, coolDown: 10)
        let admitted0 = b.admit(now: 0)
        #expect(admitted0)
        b.record(success: false, now: 0)
        b.record(success: false, now: 1)
        #expect(b.state == .closed(failures: 2))
        b.record(success: true, now: 2)
        #expect(b.state == .closed(failures: 0))
        for t in 3...5 { b.record(success: false, now: Double(t)) }
        #expect(b.state == .open(until: 15))
        let admitted14_9 = b.admit(now: 14.9)
        #expect(!admitted14_9)
        let admitted15 = b.admit(now: 15)
        #expect(admitted15)
        #expect(b.state == .halfOpen)
        let admitted15_1 = b.admit(now: 15.1)
        #expect(!admitted15_1)  // one probe at a time
        b.record(success: false, now: 16)
        #expect(b.state == .open(until: 26))
        let admitted26 = b.admit(now: 26)
        #expect(admitted26)
        b.record(success: true, now: 26.5)
        #expect(b.state == .closed(failures: 0))
        let admitted27 = b.admit(now: 27)
        #expect(admitted27)
    }

    @Test("A Vigil is a provider of another Vigil (MSSP hierarchy) over loopback")
    func hierarchy() async throws {
        // The customer's Vigil, listening on a real socket.
        let customer = try await TestServer.make()
        let (app, secret) = try await customer.services.identity.createApp(
            tenantId: customer.tenantA, name: "mssp", roles: [Permission.securityEventsReadWrite], multiTenant: false)
        let port = Mutex(0)
        let ready = AsyncStream<Void>.makeStream()
        let customerApp = Application(router: VigilApplication.router(services: customer.services),
                                      configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      onServerRunning: { channel in
                                          port.withLock { $0 = channel.localAddress?.port ?? 0 }
                                          ready.continuation.yield()
                                      }, logger: quietLogger)
        let running = Task { try await customerApp.runService(gracefulShutdownSignals: []) }
        defer { running.cancel() }
        for await _ in ready.stream { break }
        let base = "http://127.0.0.1:\(port.withLock { $0 })"
        try await customer.app.test(.router) { client in
            let token = try await customer.token(client, tenant: customer.tenantA, app: customer.adminA)
            try await Self.ingestLocal(client, token: token, count: 3)
        }

        // The MSSP's Vigil fans out to it with client credentials from the customer's token endpoint.
        let mssp = try await TestServer.make()
        let config = ProviderConfiguration(
            name: "customer-1", tenant: mssp.tenantA, vendor: "TestVendor", provider: "TestProvider",
            url: base + "/v1.0", tokenUrl: base + "/\(customer.tenantA)/oauth2/v2.0/token", clientId: app.clientId,
            clientSecret: secret, scope: "http://vigil.test/.default", timeoutSeconds: 60)
        let services = try mssp.federated([config])
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await mssp.token(client, tenant: mssp.tenantA, app: mssp.adminA)
            let (status, body, headers) = try await client.call("/v1.0/security/alerts?$orderby=title%20asc", token: token)
            #expect(status == .ok, "\(headers[.warning] ?? "")")
            #expect(Self.ids(body) == ["local-0", "local-1", "local-2"])
            // A change made at the top is written back to the customer's Vigil.
            let patch = #"{"status":"resolved","vendorInformation":{"provider":"TestProvider","vendor":"TestVendor"}}"#
            let (patched, _, _) = try await client.call("/v1.0/security/alerts/local-1", .patch, token: token, body: patch)
            #expect(patched == .noContent)
        }
        let stored = try await customer.services.alerts.alert(tenantId: customer.tenantA, id: "local-1")
        #expect(stored?.status?.rawValue == "resolved")
        #expect(stored?.historyStates?.last?.appId == app.clientId)
    }
}
