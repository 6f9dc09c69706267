import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilNotifications
import VigilStorage
@testable import VigilServer
@testable import VigilEngine

/// Secure score end to end on a real SQLite database: each built-in control on seeded state with exact
/// numbers, deployment catalogs with manual controls, the all-tenants average, remote providers merged
/// (and failing), PATCH history and refusals, and the OData lists.
@Suite("Secure score")
struct SecureScoreTests {
    /// A fixed instant (the checks measure ages from it).
    static let now = DateTimeOffset("2024-06-10T12:00:00Z")!

    /// A deployment catalog: manual controls, one of them only in tenant B.
    static func catalogFile(tenantB: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("score-catalog-\(UUID().uuidString).yaml").path
        try """
            controls:
              - id: ReviewFirewallRules
                title: Review firewall rules quarterly
                controlCategory: infrastructure
                maxScore: 10
                threats: [Lateral movement]
                complianceInformation:
                  - certificationName: ISO 27001:2013
                    certificationControls: [{name: A.13.1.1, url: ""}]
              - id: BackupRestoreTest
                title: Test a backup restore
                controlCategory: Data
                maxScore: 5
              - id: PrinterHardening
                title: Harden printers
                controlCategory: Device
                maxScore: 8
              - id: EdrEverywhere
                title: EDR on every laptop
                controlCategory: Device
                maxScore: 4
                vendorInformation: {provider: Endpoint, vendor: Acme}
              - id: TenantBOnly
                title: A control only tenant B has
                controlCategory: Apps
                maxScore: 3
                tenants: ["\(tenantB)"]
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Two providers configured for tenant A (never called for alerts here).
    static func providerConfigurations(_ server: TestServer) -> [ProviderConfiguration] {
        ["p1", "p2"].map { ProviderConfiguration(name: $0, tenant: server.tenantA, vendor: "V", provider: $0, url: "http://127.0.0.1:9/v1.0") }
    }

    /// Two exporters: `splunk` follows every tenant, `syslog` only tenant A.
    static func exporterConfigurations(_ server: TestServer) -> [ExporterConfiguration] {
        var splunk = ExporterConfiguration(name: "splunk", kind: "splunk")
        splunk.url = "https://splunk.example:8088"
        var syslog = ExporterConfiguration(name: "syslog", kind: "syslog")
        syslog.host = "127.0.0.1"
        syslog.tenant = server.tenantA
        return [splunk, syslog]
    }

    /// The engine over the server's database with the given providers' configurations and remotes.
    static func engine(_ server: TestServer, catalogs: [String] = [], providers: [ProviderConfiguration] = [],
                       remotes: [RemoteGraphProvider] = [], exporters: [ExporterConfiguration] = []) throws -> SecureScoreEngine {
        var configuration = server.services.configuration
        configuration.score.catalogs = catalogs
        configuration.providers = providers
        configuration.exporters = exporters
        return try SecureScoreEngine.sqlite(try #require(server.services.database), configuration: configuration,
                                            alerts: server.services.alerts, indicators: server.services.indicators,
                                            identity: server.services.identity, remotes: remotes)
    }

    /// Services whose secure score is `engine`.
    static func services(_ server: TestServer, _ engine: SecureScoreEngine) throws -> VigilServices {
        let s = server.services
        return try VigilServices(configuration: s.configuration, database: s.database, alerts: s.alerts, identity: s.identity,
                             tokens: s.tokens, limiter: s.limiter, metrics: s.metrics, federation: s.federation,
                             indicators: s.indicators, notifications: s.notifications, score: engine)
    }

    static func alert(_ id: String, severity: String, status: String, created: DateTimeOffset) throws -> Alert {
        Alert(jsonObject: try JSONParser.parse(#"{"id":"\#(id)","title":"Alert \#(id)","severity":"\#(severity)","status":"\#(status)","vendorInformation":{"provider":"P","vendor":"V"},"createdDateTime":"\#(created.iso8601)"}"#).objectValue!)
    }

    /// Seeds tenant A so each built-in control's score is known:
    /// - providers: p1 healthy, p2 failing → 1 of 2 → 15 of 30;
    /// - indicators: two active, newest ingested 10 days ago (> 168 h) → ½ → 10 of 20;
    /// - alerts: 4 high older than 24 h, 1 of them newAlert → ¾ → 22.5 of 30 (a fresh high newAlert and an
    ///   old medium newAlert do not count);
    /// - webhooks: one subscription, one notification dead-lettered an hour ago → ½ → 5 of 10;
    /// - exporters (see `exporterConfigurations`): splunk current, syslog failing → ½ → 5 of 10.
    static func seed(_ server: TestServer) async throws {
        let s = server.services
        let a = server.tenantA
        let old = now.adding(seconds: -48 * 3600)
        _ = try await s.alerts.ingest(tenantId: a, alerts: [
            try alert("h1", severity: "high", status: "newAlert", created: old),
            try alert("h2", severity: "high", status: "inProgress", created: old),
            try alert("h3", severity: "high", status: "resolved", created: old),
            try alert("h4", severity: "High", status: "inProgress", created: old),
            try alert("h5", severity: "high", status: "newAlert", created: now.adding(seconds: -3600)),
            try alert("m1", severity: "medium", status: "newAlert", created: old),
        ], at: now)
        // Another tenant's stale high alert must not count for A.
        _ = try await s.alerts.ingest(tenantId: server.tenantB, alerts: [try alert("b1", severity: "high", status: "newAlert", created: old)], at: now)

        let database = try #require(s.database)
        try await SQLiteFederationStateRepository(database: database).record([
            ProviderCallRecord(name: "p1", at: now, status: 200, latencyMs: 5, error: nil),
            ProviderCallRecord(name: "p2", at: now.adding(seconds: -60), status: 200, latencyMs: 5, error: nil),
            ProviderCallRecord(name: "p2", at: now, status: 503, latencyMs: 5, error: "down"),
        ])

        let ingested = now.adding(seconds: -10 * 86_400)
        let indicators = try (1...2).map { n -> TiIndicator in
            var t = TiIndicator(jsonObject: try JSONParser.parse(#"{"action":"alert","targetProduct":"Azure Sentinel","threatType":"WatchList","tlpLevel":"green","description":"d","expirationDateTime":"2099-01-01T00:00:00Z","networkIPv4":"203.0.113.\#(n)"}"#).objectValue!)
            t.stampSubmission(id: "ind-\(n)", tenantId: a, now: ingested.adding(seconds: Int64(n)))
            return t
        }
        try await s.indicators.create(tenantId: a, appId: "feed", indicators, at: ingested)
        var expired = indicators[0]
        expired.id = "ind-expired"
        expired.expirationDateTime = DateTimeOffset("2020-01-01T00:00:00Z")
        expired.ingestedDateTime = now
        try await s.indicators.create(tenantId: a, appId: "feed", [expired], at: now)

        let notifications = try #require(s.notifications)
        var subscription = Subscription()
        subscription.id = "sub-1"
        try await notifications.subscriptions.create(SubscriptionRecord(
            tenantId: a, id: "sub-1", appId: "app", resource: "security/alerts?$filter=severity eq 'low'", changeTypes: [.created],
            notificationUrl: "https://hook.example/notify", lifecycleNotificationUrl: nil, clientState: nil, signingSecret: nil,
            expirationDateTime: DateTimeOffset("2099-01-01T00:00:00Z")!, createdDateTime: now, subscription: subscription))
        try await notifications.outbox.enqueueLifecycle(tenantId: a, subscriptionId: "sub-1", event: "missed",
                                                        at: now.epochSeconds - 3 * 3600)
        let claimed = try await notifications.outbox.claim(now: now.epochSeconds - 3 * 3600, holder: "test", lease: 60, limit: 10)
        #expect(claimed.count == 1)
        try await notifications.outbox.failed(claimed.map { OutboxFailure(id: $0.id, retryAt: nil) },
                                              attempt: DeliveryAttempt(subscriptionId: "sub-1", tenantId: a, kind: .lifecycle,
                                                                       attemptedAt: now.epochSeconds - 3600, statusCode: 500,
                                                                       error: "boom", notifications: 1, durationMs: 3))

        let feed = SQLiteAlertChangeFeed(database: database)
        let last = try await feed.lastSequence(tenantId: nil)
        #expect(last == 7)
        let exporters = SQLiteExporterStateRepository(database: database)
        try await exporters.save(name: "splunk", ExporterState(cursor: last, exported: last, lastSuccessAt: now))
        try await exporters.save(name: "syslog", ExporterState(cursor: last, exported: last, lastSuccessAt: now.adding(seconds: -3600),
                                                               lastError: "connection refused", lastErrorAt: now))
    }

    static func byName(_ score: SecureScore) -> [String: ControlScore] {
        Dictionary((score.controlScores ?? []).map { ($0.controlName ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test("Each built-in control scores the seeded state exactly")
    func builtInControls() async throws {
        let server = try await TestServer.make()
        try await Self.seed(server)
        let engine = try Self.engine(server, providers: Self.providerConfigurations(server),
                                     exporters: Self.exporterConfigurations(server))
        let score = try #require(try await engine.compute(tenantIds: [server.tenantA], at: Self.now).first)
        let controls = Self.byName(score)
        #expect(controls["VigilProvidersHealthy"]?.score == 15)
        #expect(controls["VigilProvidersHealthy"]?.passthrough.properties["@vigil.detail"]?.stringValue?.contains("Not healthy: p2") == true)
        #expect(controls["VigilIndicatorFeedsFresh"]?.score == 10)
        #expect(controls["VigilHighSeverityAlertsTriaged"]?.score == 22.5)
        #expect(controls["VigilWebhooksDelivering"]?.score == 5)
        #expect(controls["VigilExportersCurrent"]?.score == 5)
        #expect(controls["VigilExportersCurrent"]?.passthrough.properties["@vigil.detail"]?.stringValue?.contains("syslog: failing") == true)
        #expect(score.currentScore == 57.5)
        #expect(score.maxScore == 100)
        #expect(score.id == "\(server.tenantA)_2024-06-10")
        #expect(score.azureTenantId == server.tenantA)
        #expect(score.createdDateTime == Self.now)
        #expect(score.enabledServices == ["HasAlerts", "HasExporters", "HasFederation", "HasNotifications", "HasThreatIntelligence"])
        #expect(score.vendorInformation?.provider == "Vigil")
        #expect(score.averageComparativeScores?.first?.basis == "AllTenants")
        #expect(score.averageComparativeScores?.first?.averageScore == 57.5)
        #expect(score.controlScores?.map(\.controlCategory) == ["Infrastructure", "Infrastructure", "Infrastructure", "Apps", "Apps"])
        let stored = try await engine.snapshots(tenantId: server.tenantA)
        #expect(stored.count == 1)
        #expect(stored.first?.currentScore == 57.5)
    }

    @Test("A deployment catalog's manual controls score from their states; the AllTenants average spans both tenants")
    func deploymentCatalogAndAverage() async throws {
        let server = try await TestServer.make()
        try await Self.seed(server)
        let engine = try Self.engine(server, catalogs: [try Self.catalogFile(tenantB: server.tenantB)],
                                     providers: Self.providerConfigurations(server),
                                     exporters: Self.exporterConfigurations(server))
        let services = try Self.services(server, engine)
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            for (id, state, vendor) in [("ReviewFirewallRules", "reviewed", "Vigil"), ("PrinterHardening", "IGNORED", "Vigil"),
                                        ("EdrEverywhere", "ThirdParty", "Acme"), ("BackupRestoreTest", "Reviewed", "Vigil"),
                                        ("BackupRestoreTest", "Default", "Vigil")] {
                let provider = vendor == "Acme" ? "Endpoint" : "Vigil"
                let (status, body, _) = try await client.call("/v1.0/security/secureScoreControlProfiles/\(id)", .patch, token: token,
                                                              body: #"{"state":"\#(state)","comment":"c","vendorInformation":{"provider":"\#(provider)","vendor":"\#(vendor)"}}"#)
                #expect(status == .noContent, "\(id): \(body)")
            }
        }
        let scores = try await engine.compute(at: Self.now)
        let a = try #require(scores.first { $0.azureTenantId == server.tenantA })
        let b = try #require(scores.first { $0.azureTenantId == server.tenantB })
        let controls = Self.byName(a)
        #expect(controls["ReviewFirewallRules"]?.score == 10)
        #expect(controls["ReviewFirewallRules"]?.controlCategory == "Infrastructure")
        #expect(controls["BackupRestoreTest"]?.score == 0)
        #expect(controls["PrinterHardening"]?.passthrough.properties["@vigil.state"] == "excluded")
        #expect(controls["EdrEverywhere"]?.score == 4)
        #expect(controls["TenantBOnly"] == nil)
        #expect(a.currentScore == 71.5)
        #expect(a.maxScore == 119)
        // B: alerts 0 of 30 (its one stale high alert is newAlert), exporters 10 of 10 (only splunk carries B's
        // alerts), indicators 0 of 20,
        // manual: firewall 0/10, backup 0/5, printer 0/8, EDR 0/4, TenantBOnly 0/3.
        #expect(Self.byName(b)["VigilHighSeverityAlertsTriaged"]?.score == 0)
        #expect(Self.byName(b)["TenantBOnly"]?.score == 0)
        #expect(Self.byName(b)["VigilExportersCurrent"]?.score == 10)
        #expect(b.currentScore == 10)
        #expect(b.maxScore == 90)
        #expect(a.averageComparativeScores?.first?.averageScore == 40.75)
        #expect(b.averageComparativeScores == a.averageComparativeScores)

        // Recomputing the same day replaces the snapshot; a later day adds one.
        _ = try await engine.compute(tenantIds: [server.tenantA], at: Self.now.adding(seconds: 600))
        #expect(try await engine.snapshots(tenantId: server.tenantA).count == 1)
        _ = try await engine.compute(tenantIds: [server.tenantA], at: Self.now.adding(seconds: 86_400))
        #expect(try await engine.snapshots(tenantId: server.tenantA).map(\.id) == ["\(server.tenantA)_2024-06-11", "\(server.tenantA)_2024-06-10"])
    }

    static func remoteScore(current: Double, max: Double) -> JSONValue {
        ["id": "remote-tenant_2024-06-09", "azureTenantId": "remote-tenant", "createdDateTime": "2024-06-09T01:00:00Z",
         "currentScore": .double(current), "maxScore": .double(max), "enabledServices": ["HasExchange"],
         "controlScores": [["controlName": "MfaForAdmins", "controlCategory": "Identity", "description": "MFA", "score": 35.0],
                           ["controlName": "MailboxAudit", "controlCategory": "Data", "description": "Audit", "score": 5.0]],
         "vendorInformation": ["provider": "SecureScore", "vendor": "Microsoft"]]
    }

    static func remoteProfile(_ id: String, max: Double) -> JSONValue {
        ["id": .string(id), "azureTenantId": "remote-tenant", "title": .string("Remote \(id)"), "controlCategory": "Identity",
         "maxScore": .double(max), "controlStateUpdates": [], "vendorInformation": ["provider": "SecureScore", "vendor": "Microsoft"]]
    }

    @Test("Remote providers' latest scores are merged with @vigil.provider; a failing one is recorded and the score still computed")
    func remoteProviders() async throws {
        let server = try await TestServer.make()
        let good = try await FakeProvider.start(mode: .alerts)
        let bad = try await FakeProvider.start(mode: .status(500))
        defer { good.stop(); bad.stop() }
        good.with { s in
            s.secureScores = [Self.remoteScore(current: 40, max: 60), Self.remoteScore(current: 1, max: 1)]
            s.controlProfiles = [Self.remoteProfile("MfaForAdmins", max: 50), Self.remoteProfile("MailboxAudit", max: 10),
                                 Self.remoteProfile("Unscored", max: 0)]
        }
        let configurations = [server.provider("graph", good), server.provider("broken", bad)]
        let remotes = try configurations.map { try RemoteGraphProvider(configuration: $0) }
        let engine = try Self.engine(server, providers: configurations, remotes: remotes)
        let score = try #require(try await engine.compute(tenantIds: [server.tenantA], at: Self.now).first)

        // Local: providers 0 of 30 (never called), indicators 0 of 20, alerts 30 of 30; remote 40 of 60.
        #expect(score.currentScore == 70)
        #expect(score.maxScore == 140)
        let remote = (score.controlScores ?? []).filter { $0.passthrough.properties["@vigil.provider"] != nil }
        #expect(remote.map(\.controlName) == ["MfaForAdmins", "MailboxAudit"])
        #expect(remote.map { $0.passthrough.properties["@vigil.provider"] } == ["graph", "graph"])
        #expect(remote.map { $0.passthrough.properties["@vigil.maxScore"] } == [.double(50), .double(10)])
        #expect(score.enabledServices?.contains("HasExchange") == true)
        let errors = try #require(score.passthrough.properties["@vigil.providerErrors"]?.arrayValue)
        #expect(errors.count == 1)
        #expect(errors.first?["provider"] == "broken")
        #expect(errors.first?["status"] == .int(500))
        #expect(score.passthrough.properties["@vigil.providerScores"]?.arrayValue?.first?["scoreId"] == "remote-tenant_2024-06-09")

        // The remote profiles (all pages) are listed after the tenant's own, marked with their provider;
        // a PATCH of one goes to that provider.
        try await Application(router: VigilApplication.router(services: try Self.services(server, engine))).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (status, list, _) = try await client.call("/v1.0/security/secureScoreControlProfiles?$filter=controlCategory eq 'Identity'", token: token)
            #expect(status == .ok)
            let items = try #require(list["value"]?.arrayValue)
            #expect(items.compactMap { $0["id"]?.stringValue } == ["MfaForAdmins", "MailboxAudit", "Unscored"])
            #expect(items.allSatisfy { $0["@vigil.provider"] == "graph" })
            let (patched, body, _) = try await client.call("/v1.0/security/secureScoreControlProfiles/MailboxAudit", .patch, token: token,
                                                           body: #"{"state":"Reviewed","comment":"done","vendorInformation":{"provider":"SecureScore","vendor":"Microsoft"}}"#,
                                                           headers: [.prefer: "return=representation"])
            #expect(patched == .ok, "\(body)")
            #expect(body["@vigil.provider"] == "graph")
            #expect(body["controlStateUpdates"]?.arrayValue?.last?["updatedBy"] == "remote-user@example.com")
            #expect(good.with { $0.profilePatches.map(\.id) } == ["MailboxAudit"])
            #expect(good.with { $0.profilePatches.first?.body["comment"] } == "done")
        }
    }

    @Test("PATCH appends controlStateUpdates in order stamped from the token; bad input is refused with Graph errors")
    func patchHistoryAndRefusals() async throws {
        let server = try await TestServer.make()
        let engine = try Self.engine(server, catalogs: [try Self.catalogFile(tenantB: server.tenantB)])
        let services = try Self.services(server, engine)
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let admin = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let reader = try await server.token(client, tenant: server.tenantA, app: server.readerA)
            let adminB = try await server.token(client, tenant: server.tenantB, app: server.adminB)
            let path = "/v1.0/security/secureScoreControlProfiles/ReviewFirewallRules"
            let vendor = #""vendorInformation":{"provider":"Vigil","vendor":"Vigil"}"#

            let (first, _, _) = try await client.call(path, .patch, token: admin,
                                                      body: #"{"assignedTo":"","comment":"first look","state":"thirdparty",\#(vendor)}"#)
            #expect(first == .noContent)
            var claims = server.claims(tenant: server.tenantA, appId: server.adminA.clientId, roles: [])
            claims.roles = nil
            claims.scp = "SecurityEvents.ReadWrite.All"
            claims.upn = "analyst@contoso.com"
            claims.idtyp = "user"
            let delegated = try await server.sign(claims)
            let (second, body, _) = try await client.call("/beta/security/secureScoreControlProfiles/reviewfirewallrules", .patch,
                                                          token: delegated, body: #"{"comment":"control is reviewed","state":"Reviewed",\#(vendor)}"#,
                                                          headers: [.prefer: "return=representation"])
            #expect(second == .ok, "\(body)")
            #expect(body["@odata.context"] == "http://vigil.test/beta/$metadata#security/secureScoreControlProfiles/$entity")
            let updates = try #require(body["controlStateUpdates"]?.arrayValue)
            #expect(updates.count == 2)
            #expect(updates.map { $0["state"] } == ["ThirdParty", "Reviewed"])
            #expect(updates.map { $0["comment"] } == ["first look", "control is reviewed"])
            #expect(updates.map { $0["updatedBy"] } == [.string(server.adminA.clientId), "analyst@contoso.com"])
            #expect(updates[0]["assignedTo"] == "")
            let times = updates.compactMap { $0["updatedDateTime"]?.stringValue.flatMap(DateTimeOffset.init) }
            #expect(times.count == 2 && times[0] <= times[1])
            #expect(body["lastModifiedDateTime"]?.stringValue == updates[1]["updatedDateTime"]?.stringValue)

            // The history is what GET shows; a comment-only PATCH keeps the state.
            let (_, _, _) = try await client.call(path, .patch, token: admin, body: #"{"comment":"note",\#(vendor)}"#)
            let (got, profile, _) = try await client.call(path, token: reader)
            #expect(got == .ok)
            #expect(profile["controlStateUpdates"]?.arrayValue?.map { $0["state"] } == ["ThirdParty", "Reviewed", "Reviewed"])
            #expect(profile["@vigil.scoring"] == "manual")
            #expect(profile["complianceInformation"]?.arrayValue?.first?["certificationControls"]?.arrayValue?.first?["name"] == "A.13.1.1")

            let refusals: [(String, String, HTTPResponse.Status, String, String)] = [
                (admin, #"{"state":"Resolved",\#(vendor)}"#, .badRequest, "BadRequest", "not a control state"),
                (admin, #"{"state":"Reviewed"}"#, .badRequest, "BadRequest", "vendorInformation"),
                (admin, #"{"state":"Reviewed","vendorInformation":{"provider":"Vigil"}}"#, .badRequest, "BadRequest", "vendorInformation"),
                (admin, #"{"state":"Reviewed","vendorInformation":{"provider":"SecureScore","vendor":"Microsoft"}}"#, .badRequest, "BadRequest", "Vigil/Vigil"),
                (admin, #"{"maxScore":100,"state":"Reviewed",\#(vendor)}"#, .badRequest, "BadRequest", "cannot be updated"),
                (admin, #"{"state":7,\#(vendor)}"#, .badRequest, "BadRequest", "must be a string"),
                (admin, #"{\#(vendor)}"#, .badRequest, "BadRequest", "at least one"),
                (reader, #"{"state":"Reviewed",\#(vendor)}"#, .forbidden, "Forbidden", "SecurityEvents.ReadWrite.All"),
            ]
            for (token, text, status, code, fragment) in refusals {
                let (got, error, _) = try await client.call(path, .patch, token: token, body: text)
                #expect(got == status, "\(text): \(error)")
                expectGraphError(error, code: code, contains: fragment)
            }
            let (notJSON, notJSONBody, _) = try await client.call(path, .patch, token: admin, body: "{", contentType: "application/json")
            #expect(notJSON == .badRequest)
            expectGraphError(notJSONBody, code: "BadRequest")

            // Tenant isolation: B's own control does not exist in A, and A's history is not B's.
            let (other, otherBody, _) = try await client.call("/v1.0/security/secureScoreControlProfiles/TenantBOnly", .patch, token: admin,
                                                              body: #"{"state":"Reviewed",\#(vendor)}"#)
            #expect(other == .notFound)
            expectGraphError(otherBody, code: "ResourceNotFound")
            let (_, bProfile, _) = try await client.call(path, token: adminB)
            #expect(bProfile["controlStateUpdates"]?.arrayValue?.isEmpty == true)
            let (unknown, _, _) = try await client.call("/v1.0/security/secureScoreControlProfiles/NoSuchControl", token: admin)
            #expect(unknown == .notFound)
            let (noToken, _, _) = try await client.call(path, token: nil)
            #expect(noToken == .unauthorized)
            let (deleted, deletedBody, _) = try await client.call(path, .delete, token: admin)
            #expect(deleted == .methodNotAllowed)
            expectGraphError(deletedBody, code: "MethodNotAllowed")
        }
    }

    @Test("secureScores and secureScoreControlProfiles list with OData and pages, get by id, and stay within the tenant")
    func listsAndGets() async throws {
        let server = try await TestServer.make()
        try await Self.seed(server)
        let engine = try Self.engine(server, providers: Self.providerConfigurations(server),
                                     exporters: Self.exporterConfigurations(server))
        for day in 0..<3 { _ = try await engine.compute(at: Self.now.adding(seconds: Int64(day - 2) * 86_400)) }
        try await Application(router: VigilApplication.router(services: try Self.services(server, engine))).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.readerA)
            let tokenB = try await server.token(client, tenant: server.tenantB, app: server.adminB)
            let a = server.tenantA
            let (status, page1, _) = try await client.call("/v1.0/security/secureScores?$top=2&$count=true", token: token)
            #expect(status == .ok)
            #expect(page1["@odata.context"] == "http://vigil.test/v1.0/$metadata#security/secureScores")
            #expect(page1["@odata.count"] == .int(3))
            #expect(page1["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["\(a)_2024-06-10", "\(a)_2024-06-09"])
            let next = try #require(page1["@odata.nextLink"]?.stringValue)
            #expect(next.hasPrefix("http://vigil.test/v1.0/security/secureScores?"))
            let (_, page2, _) = try await client.call(String(next.dropFirst("http://vigil.test".count)), token: token)
            #expect(page2["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["\(a)_2024-06-08"])
            #expect(page2["@odata.nextLink"] == nil)

            let (_, filtered, _) = try await client.call(
                "/beta/security/secureScores?$filter=createdDateTime ge 2024-06-09T00:00:00Z&$orderby=createdDateTime asc&$select=id,currentScore",
                token: token)
            #expect(filtered["@odata.context"] == "http://vigil.test/beta/$metadata#security/secureScores(id,currentScore)")
            let rows = try #require(filtered["value"]?.arrayValue)
            #expect(rows.compactMap { $0["id"]?.stringValue } == ["\(a)_2024-06-09", "\(a)_2024-06-10"])
            #expect(rows.first?.objectValue?.keys.sorted() == ["currentScore", "id"])
            // On the 9th no high alert was older than 24 hours yet (they were created on the 8th at noon).
            #expect(rows.first?["currentScore"] == .double(65))
            #expect(rows.last?["currentScore"] == .double(57.5))

            let (_, skipped, _) = try await client.call("/v1.0/security/secureScores?$skip=2", token: token)
            #expect(skipped["value"]?.arrayValue?.count == 1)
            let (got, one, _) = try await client.call("/v1.0/security/secureScores/\(a)_2024-06-09", token: token)
            #expect(got == .ok)
            #expect(one["@odata.context"] == "http://vigil.test/v1.0/$metadata#security/secureScores/$entity")
            #expect(one["maxScore"] == .double(100))
            #expect(one["controlScores"]?.arrayValue?.count == 5)

            for (uri, status, code) in [("/v1.0/security/secureScores?$filter=nope eq 1", HTTPResponse.Status.badRequest, "BadRequest"),
                                        ("/v1.0/security/secureScores?$skip=501", .badRequest, "BadRequest"),
                                        ("/v1.0/security/secureScores?$top=0", .badRequest, "BadRequest"),
                                        ("/v1.0/security/secureScores?$skiptoken=zzz", .badRequest, "BadRequest"),
                                        ("/v1.0/security/secureScores/\(a)_2030-01-01", .notFound, "ResourceNotFound")] {
                let (got, body, _) = try await client.call(uri, token: token)
                #expect(got == status, "\(uri)")
                expectGraphError(body, code: code)
            }

            // Tenant B sees only its own snapshots, never A's by id.
            let (_, listB, _) = try await client.call("/v1.0/security/secureScores", token: tokenB)
            #expect(listB["value"]?.arrayValue?.allSatisfy { $0["azureTenantId"] == .string(server.tenantB) } == true)
            #expect(listB["value"]?.arrayValue?.count == 3)
            let (foreign, foreignBody, _) = try await client.call("/v1.0/security/secureScores/\(a)_2024-06-10", token: tokenB)
            #expect(foreign == .notFound)
            expectGraphError(foreignBody, code: "ResourceNotFound")

            // Profiles: the five built-ins, filterable and paged.
            let (_, profiles, _) = try await client.call("/v1.0/security/secureScoreControlProfiles?$count=true&$top=3", token: token)
            #expect(profiles["@odata.count"] == .int(5))
            #expect(profiles["value"]?.arrayValue?.count == 3)
            #expect(profiles["@odata.nextLink"] != nil)
            let (_, apps, _) = try await client.call("/v1.0/security/secureScoreControlProfiles?$filter=controlCategory eq 'Apps'&$orderby=maxScore desc,rank", token: token)
            #expect(apps["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["VigilWebhooksDelivering", "VigilExportersCurrent"])
            let (_, first, _) = try await client.call("/v1.0/security/secureScoreControlProfiles/VigilIndicatorFeedsFresh", token: token)
            #expect(first["azureTenantId"] == .string(a))
            #expect(first["maxScore"] == .double(20))
            #expect(first["actionUrl"] == "http://vigil.test/beta/security/tiIndicators")
            #expect(first["vendorInformation"]?["provider"] == "Vigil")
            #expect(first["@vigil.scoring"] == "automatic:indicatorFeedsFresh")
            #expect(first["lastModifiedDateTime"] == .null)
        }
    }

    @Test("The daily Service takes today's missing snapshots at start and stops promptly")
    func dailyService() async throws {
        let server = try await TestServer.make()
        let engine = try Self.engine(server)
        let service = SecureScoreService(engine: engine, clock: { Self.now })
        let task = Task { try await service.run() }
        var days: [String] = []
        for _ in 0..<200 {
            days = try await engine.snapshots(tenantId: server.tenantB).compactMap(\.id)
            if !days.isEmpty, !(try await engine.snapshots(tenantId: server.tenantA).isEmpty) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(days == ["\(server.tenantB)_2024-06-10"])
        // Its next run is twelve hours away: stopping within 30 s means it stopped waiting at once.
        task.cancel()
        let stopped = await withTaskGroup(of: Bool.self) { group in
            group.addTask { _ = await task.result; return true }
            group.addTask {
                do { try await Task.sleep(for: .seconds(30)) } catch { return true }
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        #expect(stopped, "the Service was still waiting for its next run 30 s after it was cancelled")
        // A second run the same day finds nothing missing.
        #expect(try await engine.computeMissing(at: Self.now).isEmpty)
        #expect(SecureScoreService.secondsUntilNextRun(after: DateTimeOffset("2024-06-10T23:59:00Z")!) == 120)
    }

    @Test("On a shared database the daily run takes the job's lease: skipped while another replica holds it, released after")
    func dailyServiceLease() async throws {
        let server = try await TestServer.make()
        let engine = try Self.engine(server)
        let leases = InMemoryWorkLeaseRepository()
        let service = SecureScoreService(engine: engine, clock: { Self.now }, leases: leases, holder: "b")
        #expect(try await leases.claim(SecureScoreService.leaseName, holder: "a", ttl: .seconds(600)) != nil)
        #expect(await service.runOnce() == false)
        #expect(try await engine.snapshots(tenantId: server.tenantA).isEmpty)
        #expect(try await leases.release(SecureScoreService.leaseName, holder: "a"))
        #expect(await service.runOnce() == true)
        #expect(try await engine.snapshots(tenantId: server.tenantA).count == 1)
        #expect(try await leases.lease(SecureScoreService.leaseName)?.holder == "")
    }

    /// The error `body` throws, or `nil` when it succeeds.
    static func failure(_ body: () throws(VigilError) -> Void) -> VigilError? {
        switch Result(catching: body) {
        case .success: return nil
        case .failure(let error): return error
        }
    }

    @Test("Catalog files are checked: unknown keys, bad values and duplicate ids are errors naming the file")
    func catalogValidation() throws {
        let builtIn = try ScoreCatalog.builtIn()
        #expect(builtIn.controls.map(\.id) == ["VigilProvidersHealthy", "VigilIndicatorFeedsFresh", "VigilHighSeverityAlertsTriaged",
                                               "VigilWebhooksDelivering", "VigilExportersCurrent"])
        #expect(builtIn.controls.reduce(0) { $0 + $1.maxScore } == 100)
        for control in builtIn.controls {
            #expect(control.check != nil && control.rank != nil && control.tier != nil && control.userImpact != nil
                    && control.implementationCost != nil && !control.threats.isEmpty && control.remediation != nil
                    && control.actionUrl != nil, "\(control.id)")
            #expect(control.vendorInformation.provider == "Vigil" && control.vendorInformation.vendor == "Vigil")
        }
        #expect(builtIn.controls[2].check == .alertsTriaged(severity: "high", maxAgeHours: 24))
        let custom = try ScoreCatalog.parse(yaml: """
            controls:
              - id: MediumAlertsTriagedIn3Days
                title: Triage medium-severity alerts within three days
                controlCategory: infrastructure
                maxScore: 5
                check: {kind: alertsTriaged, severity: MEDIUM, maxAgeHours: 72}
              - {id: Fresh, title: F, controlCategory: Data, maxScore: 2.5, actionType: behavior, check: {kind: indicatorFeedsFresh}}
            """, origin: "custom.yaml")
        #expect(custom.map(\.check) == [.alertsTriaged(severity: "medium", maxAgeHours: 72), .indicatorFeedsFresh(maxAgeHours: 168)])
        #expect(custom.map(\.controlCategory) == ["Infrastructure", "Data"])
        #expect(custom.map(\.actionType) == ["Config", "Behavior"])
        #expect(custom.map(\.maxScore) == [5, 2.5])
        #expect(custom.allSatisfy { $0.origin == "custom.yaml" && $0.vendorInformation.vendor == "Vigil" && $0.service == "Vigil" })
        let cases: [(String, String)] = [
            ("controls:\n  - {id: A, title: T, controlCategory: Apps, maxScore: 1, colour: red}", "unknown key 'colour'"),
            ("controls:\n  - {id: A, title: T, controlCategory: Kitchen, maxScore: 1}", "not one of Identity"),
            ("controls:\n  - {id: A, title: T, controlCategory: Apps}", "'maxScore' is required"),
            ("controls:\n  - {id: A, title: T, controlCategory: Apps, maxScore: -1}", "0 or more"),
            ("controls:\n  - {id: 'a b', title: T, controlCategory: Apps, maxScore: 1}", "letters, digits"),
            ("controls:\n  - {id: A, title: T, controlCategory: Apps, maxScore: 1, check: {kind: vibes}}", "unknown check kind 'vibes'"),
            ("controls:\n  - {id: A, title: T, controlCategory: Apps, maxScore: 1, check: {kind: alertsTriaged, severity: huge}}", "not an alertSeverity"),
            ("controls:\n  - {id: A, title: T, controlCategory: Apps, maxScore: 1, check: {kind: providersHealthy, maxLag: 3}}", "unknown key 'maxLag'"),
            ("controls:\n  - {id: A, title: T, controlCategory: Apps, maxScore: 1, vendorInformation: {provider: X}}", "needs 'provider' and 'vendor'"),
            ("rules: []", "unknown key 'rules'"),
            ("controls: [", "not valid YAML"),
        ]
        for (text, fragment) in cases {
            let error = Self.failure { () throws(VigilError) in _ = try ScoreCatalog.parse(yaml: text, origin: "x.yaml") }
            #expect(error?.message.contains(fragment) == true && error?.message.contains("x.yaml") == true,
                    "\(text): \(error?.message ?? "accepted")")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dup-\(UUID().uuidString).yaml").path
        try "controls:\n  - {id: vigilprovidershealthy, title: T, controlCategory: Apps, maxScore: 1}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let duplicate = Self.failure { () throws(VigilError) in _ = try ScoreCatalog.load(files: [path]) }
        #expect(duplicate?.message.contains("already defined in 'built-in'") == true, "\(duplicate?.message ?? "accepted")")
        #expect(throws: VigilError.self) { try ScoreCatalog.load(files: ["/nonexistent/catalog.yaml"]) }

        let config = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).yaml").path
        try "score:\n  catalogs: [\(path)]\n  daily: false\n".write(toFile: config, atomically: true, encoding: .utf8)
        let loaded = try VigilConfiguration.load(yamlFile: config)
        #expect(loaded.score == ScoreSettings(catalogs: [path], daily: false))
        try "score:\n  catalog: [x]\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(throws: VigilError.self) { try VigilConfiguration.load(yamlFile: config) }
    }
}
