import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import VigilCore
import VigilNotifications
import VigilStorage
import VigilTesting
@testable import VigilServer
@testable import VigilEngine

@Suite("Security actions")
struct SecurityActionsTests {
    static func body(_ name: String, _ parameters: [(String, String)], vendor: String = "Vigil", provider: String = "Vigil",
                     reason: String = "contain the host") -> String {
        let params = parameters.map { #"{"name":"\#($0.0)","value":"\#($0.1)"}"# }.joined(separator: ",")
        return #"{"name":"\#(name)","actionReason":"\#(reason)","parameters":[\#(params)],"vendorInformation":{"vendor":"\#(vendor)","provider":"\#(provider)"}}"#
    }

    /// A runner on a manual clock (seconds since the epoch).
    static func runner(_ services: VigilServices, time: ManualClock? = nil, routing: ActionRouting? = nil) throws -> SecurityActionRunner {
        let actions = try #require(services.actions)
        var clock: @Sendable () -> DateTimeOffset = { .now() }
        if let time { clock = { DateTimeOffset(epochSeconds: time.now) } }
        return SecurityActionRunner(repository: actions.repository, routing: routing ?? actions.routing, signal: ChangeSignal(),
                                    settings: actions.settings, logger: quietLogger, clock: clock)
    }

    /// Seconds since the epoch that move only when a test says so (starting an hour ahead, so whatever the
    /// test creates next is due).
    final class ManualClock: Sendable {
        private let time = Mutex(DateTimeOffset.now().epochSeconds + 3600)
        var now: Double { time.withLock { $0 } }
        func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
    }

    static func states(_ action: JSONValue) -> [String] {
        action["states"]?.arrayValue?.compactMap { $0["status"]?.stringValue } ?? []
    }

    @Test("Lifecycle: every allowed transition, and refusals from finished states")
    func lifecycle() throws {
        var action = SecurityAction()
        let t0 = DateTimeOffset(secondsSinceEpoch: 1_700_000_000)
        action.begin(appId: "app", user: "u", at: t0)
        #expect(action.phase == .notStarted)
        #expect(action.status?.rawValue == "NotStarted")
        #expect(action.completedDateTime == nil)
        try action.transition(to: .running, appId: "vigil", user: nil, at: t0.adding(seconds: 1))
        #expect(throws: VigilError.self) { try action.transition(to: .notStarted, appId: nil, user: nil, at: t0) }
        try action.transition(to: .completed, appId: "vigil", user: nil, at: t0.adding(seconds: 2))
        #expect(action.completedDateTime == t0.adding(seconds: 2))
        #expect(action.lastActionDateTime == t0.adding(seconds: 2))
        #expect(action.states?.compactMap(\.status?.rawValue) == ["NotStarted", "Running", "Completed"])
        for next in SecurityAction.Phase.allCases {
            #expect(throws: VigilError.self) { try action.transition(to: next, appId: nil, user: nil, at: t0) }
        }
        var cancelled = SecurityAction()
        cancelled.begin(appId: "app", user: nil, at: t0)
        try cancelled.transition(to: .failed, appId: "vigil", user: nil, at: t0, error: ResultInfo(code: 499, message: "Cancelled"))
        #expect(cancelled.errorInfo?.code == 499)
        #expect(cancelled.phase == .failed)
        var readCase = SecurityAction()
        readCase.status = OperationStatus(rawValue: "Running")
        #expect(readCase.phase == .running)
        #expect(SecurityAction.Phase.running.next == [.completed, .failed])
    }

    @Test("blockIp: stamped, routed to Vigil, completed; the IP is in the blocklist feed until the action's expiry")
    func builtInBlock() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (status, created, _) = try await client.call(
                "/beta/security/securityActions", .post, token: token,
                body: Self.body("BlockIp", [("IP", "203.0.113.9"), ("expiresAfterMinutes", "1")]))
            #expect(status == .created)
            #expect(created["name"]?.stringValue == "blockIp")
            #expect(created["status"]?.stringValue == "NotStarted")
            #expect(created["appId"]?.stringValue == server.adminA.clientId)
            #expect(created["azureTenantId"]?.stringValue == server.tenantA)
            #expect(created["user"]?.stringValue == server.adminA.clientId)
            #expect(created["createdDateTime"]?.stringValue != nil)
            #expect(created["@odata.context"]?.stringValue == "http://vigil.test/beta/$metadata#security/securityActions/$entity")
            let id = try #require(created["id"]?.stringValue)

            #expect(try await Self.runner(server.services).runOnce() == 1)
            let (_, done, _) = try await client.call("/beta/security/securityActions/\(id)", token: token)
            #expect(done["status"]?.stringValue == "Completed")
            #expect(Self.states(done) == ["NotStarted", "Running", "Completed"])
            let completed = try #require(done["completedDateTime"]?.stringValue.flatMap(DateTimeOffset.init))
            let feed = try await client.execute(uri: "/feeds/blocklist?type=ip", method: .get,
                                                headers: [.authorization: "Bearer \(token)"]) { String(buffer: $0.body) }
            #expect(feed.split(separator: "\n").contains("203.0.113.9"))
            // The block lasts one minute: still in the feed before the minute is up, gone well after.
            let indicators = server.services.indicators
            let before = try await IntakeController.feedValues(indicators, tenantId: server.tenantA, action: "block", type: "ip",
                                                               at: completed.adding(seconds: 55))
            let after = try await IntakeController.feedValues(indicators, tenantId: server.tenantA, action: "block", type: "ip",
                                                              at: completed.adding(seconds: 90))
            #expect(before == ["203.0.113.9"])
            #expect(after.isEmpty)
        }
    }

    @Test("Each built-in action targets the right feed; bad parameters and unknown names fail with errorInfo")
    func builtInKinds() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let cases: [(String, [(String, String)], String?)] = [
                ("blockDomain", [("domain", "evil.example")], nil), ("allowUrl", [("url", "https://good.example/x")], nil),
                ("blockFile", [("fileHash", String(repeating: "ab", count: 32))], nil), ("BLOCKIP", [("ipAddress", "10.9.0.0/16")], nil),
                ("blockIp", [("IP", "not-an-ip")], "needs a parameter 'IP'"), ("blockIp", [], "needs a parameter 'IP'"),
                ("isolateHost", [("host", "pc1")], "Vigil cannot carry out 'isolateHost'"),
                ("blockIp", [("IP", "1.2.3.4"), ("expiresAfterMinutes", "soon")], "expiresAfterMinutes"),
            ]
            var ids: [String] = []
            for (name, parameters, _) in cases {
                let (status, created, _) = try await client.call("/beta/security/securityActions", .post, token: token,
                                                                 body: Self.body(name, parameters))
                #expect(status == .created)
                ids.append(try #require(created["id"]?.stringValue))
            }
            try await Self.runner(server.services).runOnce()
            for (id, (name, _, failure)) in zip(ids, cases) {
                let (_, action, _) = try await client.call("/beta/security/securityActions/\(id)", token: token)
                if let failure {
                    #expect(action["status"]?.stringValue == "Failed", "\(name)")
                    #expect(action["errorInfo"]?["code"]?.intValue == 400)
                    #expect(action["errorInfo"]?["message"]?.stringValue?.contains(failure) == true, "\(action)")
                } else {
                    #expect(action["status"]?.stringValue == "Completed", "\(name) \(action)")
                }
            }
            func feed(_ path: String) async throws -> [Substring] {
                try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(token)"]) {
                    String(buffer: $0.body).split(separator: "\n")
                }
            }
            #expect(try await feed("/feeds/blocklist?type=domain") == ["evil.example"])
            #expect(try await feed("/feeds/allowlist?type=url").count == 1)
            #expect(try await feed("/feeds/blocklist?type=hash") == [Substring(String(repeating: "ab", count: 32))])
            #expect(try await feed("/feeds/blocklist?type=ip") == ["10.9.0.0/16"])
        }
    }

    @Test("Bad requests: 400 with the reason, delegated tokens and missing permissions 403; unroutable actions fail at once")
    func refusals() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let bad: [(String, String)] = [
                (#"{"parameters":[],"vendorInformation":{"vendor":"Vigil","provider":"Vigil"}}"#, "'name' is required"),
                (#"{"name":"blockIp","vendorInformation":{"vendor":"Vigil","provider":"Vigil"}}"#, "'parameters' is required"),
                (#"{"name":"blockIp","parameters":[{"name":"IP","value":"1.2.3.4"}]}"#, "'vendorInformation'"),
                (#"{"name":"blockIp","parameters":[{"value":"1.2.3.4"}],"vendorInformation":{"vendor":"Vigil","provider":"Vigil"}}"#, "a 'name' and a 'value'"),
                (#"{"name":"blockIp","parameters":[],"status":"completed","vendorInformation":{"vendor":"Vigil","provider":"Vigil"}}"#, "'status' cannot be set"),
                (#"{"name":5,"parameters":[],"vendorInformation":{"vendor":"Vigil","provider":"Vigil"}}"#, "do not have the type"),
                (#"[1]"#, "JSON object"),
            ]
            for (body, fragment) in bad {
                let (status, error, _) = try await client.call("/beta/security/securityActions", .post, token: token, body: body)
                #expect(status == .badRequest, "\(fragment)")
                expectGraphError(error, code: "BadRequest", contains: fragment)
            }
            let reader = try await server.token(client, tenant: server.tenantA, app: server.readerA)
            let (forbidden, _, _) = try await client.call("/beta/security/securityActions", token: reader)
            #expect(forbidden == .forbidden)
            var claims = server.claims(tenant: server.tenantA, appId: server.adminA.clientId, roles: Permission.all)
            claims.upn = "analyst@contoso.com"
            let delegated = try await server.sign(claims)
            let (userToken, userError, _) = try await client.call("/beta/security/securityActions", .post, token: delegated,
                                                                  body: Self.body("blockIp", [("IP", "1.2.3.4")]))
            #expect(userToken == .forbidden)
            expectGraphError(userError, code: "Forbidden", contains: "application tokens only")

            let (created, action, _) = try await client.call("/beta/security/securityActions", .post, token: token,
                                                             body: Self.body("isolate", [("host", "x")], vendor: "Acme", provider: "EDR"))
            #expect(created == .created)
            #expect(action["status"]?.stringValue == "Failed")
            #expect(action["errorInfo"]?["code"]?.intValue == 404)
            #expect(action["errorInfo"]?["message"]?.stringValue?.contains("Acme/EDR") == true)
            #expect(Self.states(action) == ["NotStarted", "Failed"])
        }
    }

    @Test("A repeated client-request-id returns the same action; list with OData; cancel before start; finished actions refuse cancel")
    func idempotencyListAndCancel() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let body = Self.body("blockIp", [("IP", "198.51.100.1")])
            let (_, first, _) = try await client.call("/beta/security/securityActions", .post, token: token, body: body,
                                                      headers: [.clientRequestId: "req-1"])
            let (_, again, _) = try await client.call("/beta/security/securityActions", .post, token: token, body: body,
                                                      headers: [.clientRequestId: "req-1"])
            let (_, other, _) = try await client.call("/beta/security/securityActions", .post, token: token, body: body,
                                                      headers: [.clientRequestId: "req-2"])
            #expect(first["id"] == again["id"])
            #expect(first["id"] != other["id"])
            let otherTenant = try await server.token(client, tenant: server.tenantB, app: server.adminB)
            let (_, foreign, _) = try await client.call("/beta/security/securityActions", .post, token: otherTenant, body: body,
                                                        headers: [.clientRequestId: "req-1"])
            #expect(foreign["id"] != first["id"])

            let id = try #require(other["id"]?.stringValue)
            let (cancelled, cancelBody, _) = try await client.call("/beta/security/securityActions/\(id)/cancelSecurityAction",
                                                                   .post, token: token)
            #expect(cancelled == .ok)
            #expect(cancelBody == .null)
            try await Self.runner(server.services).runOnce()
            let (_, gone, _) = try await client.call("/beta/security/securityActions/\(id)", token: token)
            #expect(gone["status"]?.stringValue == "Failed")
            #expect(gone["errorInfo"]?["code"]?.intValue == 499)
            #expect(Self.states(gone) == ["NotStarted", "Failed"])
            let (_, done, _) = try await client.call("/beta/security/securityActions/\(first["id"]!.stringValue!)", token: token)
            #expect(done["status"]?.stringValue == "Completed")
            let (conflict, error, _) = try await client.call(
                "/beta/security/securityActions/\(first["id"]!.stringValue!)/microsoft.graph.cancelSecurityAction", .post, token: token)
            #expect(conflict == .conflict)
            expectGraphError(error, code: "Conflict", contains: "nothing to cancel")
            let (missing, _, _) = try await client.call("/beta/security/securityActions/nope/cancelSecurityAction", .post, token: token)
            #expect(missing == .notFound)

            let (_, list, _) = try await client.call("/beta/security/securityActions?$filter=status eq 'failed'&$count=true", token: token)
            #expect(list["@odata.count"]?.intValue == 1)
            #expect(list["value"]?.arrayValue?.first?["id"]?.stringValue == id)
            let (_, paged, _) = try await client.call("/beta/security/securityActions?$top=1&$orderby=createdDateTime", token: token)
            #expect(paged["value"]?.arrayValue?.count == 1)
            #expect(paged["@odata.nextLink"]?.stringValue?.contains("$skiptoken=a1") == true)
            let (_, foreignList, _) = try await client.call("/beta/security/securityActions", token: otherTenant)
            #expect(foreignList["value"]?.arrayValue?.count == 1)
            let (notFound, _, _) = try await client.call("/beta/security/securityActions/\(id)", token: otherTenant)
            #expect(notFound == .notFound)
        }
    }

    @Test("Routed to a remote provider: submitted there, followed until it completes; a running remote action can be cancelled")
    func remoteProvider() async throws {
        let server = try await TestServer.make { $0.actions.pollIntervalSeconds = 10 }
        let fake = try await FakeProvider.start(mode: .alerts)
        defer { fake.stop() }
        let services = try server.federated([server.provider("edr", fake)])
        let time = ManualClock()
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (_, created, _) = try await client.call("/beta/security/securityActions", .post, token: token,
                                                        body: Self.body("isolateHost", [("host", "pc-7")], vendor: "Vendor-edr", provider: "Provider-edr"))
            let id = try #require(created["id"]?.stringValue)
            let runner = try Self.runner(services, time: time)
            #expect(try await runner.runOnce() == 1)
            let (_, running, _) = try await client.call("/beta/security/securityActions/\(id)", token: token)
            #expect(running["status"]?.stringValue == "Running")
            let submitted = try #require(fake.with { $0.actions["r-1"]?.body })
            #expect(submitted["name"]?.stringValue == "isolateHost")
            #expect(submitted["parameters"]?.arrayValue?.first?["value"]?.stringValue == "pc-7")
            // Not due before the poll interval.
            #expect(try await runner.runOnce() == 0)
            fake.with { $0.actions["r-1"]?.status = "completed" }
            time.advance(11)
            let polled = try Self.runner(services, time: time)
            #expect(try await polled.runOnce() == 1)
            let (_, done, _) = try await client.call("/beta/security/securityActions/\(id)", token: token)
            #expect(done["status"]?.stringValue == "Completed")
            #expect(Self.states(done) == ["NotStarted", "Running", "Completed"])

            let (_, second, _) = try await client.call("/beta/security/securityActions", .post, token: token,
                                                       body: Self.body("isolateHost", [("host", "pc-8")], vendor: "Vendor-edr", provider: "Provider-edr"))
            let secondId = try #require(second["id"]?.stringValue)
            #expect(try await Self.runner(services, time: time).runOnce() == 1)
            let (ok, _, _) = try await client.call("/beta/security/securityActions/\(secondId)/cancelSecurityAction", .post, token: token)
            #expect(ok == .ok)
            #expect(try await Self.runner(services, time: time).runOnce() == 1)
            #expect(fake.with { $0.cancelled } == ["r-2"])
            let (_, cancelled, _) = try await client.call("/beta/security/securityActions/\(secondId)", token: token)
            #expect(cancelled["status"]?.stringValue == "Failed")
            #expect(cancelled["errorInfo"]?["code"]?.intValue == 499)
        }
    }

    @Test("Action webhooks: signed request, 2xx completes, 4xx fails, 5xx retried then failed")
    func webhook() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let secret = "webhook-signing-secret"
        let server = try await TestServer.make {
            $0.actions.webhooks = [ActionWebhookConfiguration(name: "soar", vendor: "Acme", provider: "SOAR", url: receiver.url,
                                                              secret: Secret(secret), maxAttempts: 2)]
        }
        let time = ManualClock()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            func submit() async throws -> String {
                let (_, created, _) = try await client.call("/beta/security/securityActions", .post, token: token,
                                                            body: Self.body("disableUser", [("user", "bob")], vendor: "acme", provider: "soar"))
                return try #require(created["id"]?.stringValue)
            }
            func status(_ id: String) async throws -> JSONValue {
                try await client.call("/beta/security/securityActions/\(id)", token: token).1
            }
            let ok = try await submit()
            #expect(try await Self.runner(server.services, time: time).runOnce() == 1)
            #expect(try await status(ok)["status"]?.stringValue == "Completed")
            let post = try #require(receiver.with { $0.posts.first })
            let request = try JSONParser.parse(post.body)
            #expect(request["id"]?.stringValue == ok)
            #expect(request["name"]?.stringValue == "disableUser")
            #expect(request["tenantId"]?.stringValue == server.tenantA)
            let header = try #require(post.headers["x-vigil-signature"])
            let t = try #require(header.split(separator: ",").first.flatMap { Int64($0.dropFirst(2)) })
            #expect(header == WebhookClient.signature(body: post.body, secret: Secret(secret), timestamp: t))

            receiver.with { $0.answer = 403 }
            let refused = try await submit()
            try await Self.runner(server.services, time: time).runOnce()
            let refusedAction = try await status(refused)
            #expect(refusedAction["status"]?.stringValue == "Failed")
            #expect(refusedAction["errorInfo"]?["code"]?.intValue == 403)

            receiver.with { $0.answer = 503 }
            let flaky = try await submit()
            try await Self.runner(server.services, time: time).runOnce()
            let retrying = try await status(flaky)
            #expect(retrying["status"]?.stringValue == "NotStarted")
            #expect(retrying["@vigil.lastError"]?.stringValue?.contains("answered 503") == true)
            time.advance(3)
            try await Self.runner(server.services, time: time).runOnce()
            let failed = try await status(flaky)
            #expect(failed["status"]?.stringValue == "Failed")
            #expect(failed["errorInfo"]?["message"]?.stringValue?.contains("2 times") == true)
        }
    }

    @Test("A statusUrl the receiver names goes through the outbound policy: metadata never, private only when allowed")
    func statusUrlPolicy() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let hook = ActionWebhookConfiguration(name: "soar", vendor: "Acme", provider: "SOAR", url: receiver.url, maxAttempts: 2)
        func record(_ statusUrl: String) -> SecurityActionRecord {
            SecurityActionRecord(tenantId: "t", id: "a-1", appId: "app", clientRequestId: nil, handler: "webhook:soar",
                                 remoteId: statusUrl, nextRunAt: nil, action: SecurityAction())
        }
        let open = try WebhookActionHandler(configuration: hook, client: WebhookClient())
        let strict = try WebhookActionHandler(configuration: hook, client: WebhookClient(),
                                              policy: TargetPolicy(allowPrivate: false, allowHTTP: true))
        for url in ["http://169.254.169.254/latest/meta-data/iam", "http://[fe80::1]/x", "http://[64:ff9b::a9fe:a9fe]/x",
                    "http://metadata.google.internal/computeMetadata/v1/"] {
            guard case .failed(let code, let message) = await open.poll(record(url)) else {
                Issue.record("\(url) was polled")
                continue
            }
            #expect(code == 400)
            #expect(message.contains("statusUrl"), "\(message)")
        }
        guard case .failed(_, let message) = await strict.poll(record(receiver.url + "/status")) else {
            Issue.record("a loopback statusUrl was polled under a policy refusing private targets")
            return
        }
        #expect(message.contains("private or loopback"), "\(message)")
        #expect(receiver.with { $0.posts.isEmpty })
        // Allowed by the default policy: polled, and its answer decides.
        #expect(await open.poll(record(receiver.url)) == .completed)
        #expect(receiver.with { $0.posts.count } == 1)
    }
}
