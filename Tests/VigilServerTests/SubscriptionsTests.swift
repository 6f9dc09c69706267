import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilNotifications
import VigilStorage
import VigilTesting
@testable import VigilServer
@testable import VigilEngine

@Suite("Subscriptions and webhook delivery")
struct SubscriptionsTests {
    static func body(_ url: String, resource: String = "security/alerts?$filter=severity eq 'high'",
                     changeType: String = "created,updated", minutes: Int64 = 600, extra: String = "") -> String {
        let expiry = DateTimeOffset.now().adding(seconds: minutes * 60).iso8601
        return #"{"changeType":"\#(changeType)","notificationUrl":"\#(url)","resource":"\#(resource)","expirationDateTime":"\#(expiry)","clientState":"s3cret"\#(extra)}"#
    }

    /// Runs the dispatcher of a server for the duration of `body`.
    static func dispatching<T>(_ server: TestServer, _ body: () async throws -> T) async throws -> T {
        let notifications = try #require(server.services.notifications)
        let dispatcher = notifications.dispatcher(logger: quietLogger)
        let task = Task { try await dispatcher.run() }
        defer { task.cancel() }
        return try await body()
    }

    static func ingest(_ client: some TestClientProtocol, token: String, _ alerts: [String]) async throws {
        let (status, body, _) = try await client.call("/ingest/alerts", .post, token: token,
                                                      body: alerts.joined(separator: "\n"), contentType: "application/x-ndjson")
        #expect(status == .ok, "\(body)")
    }

    @Test("The validation handshake: decoded token accepted; wrong, encoded, late or failing answers refused")
    func handshake() async throws {
        // Long enough for a good receiver on a loaded machine; the silent one makes the test wait it once.
        let server = try await TestServer.make { $0.notifications.validationTimeoutSeconds = 4 }
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (created, entity, _) = try await client.call("/v1.0/subscriptions", .post, token: token, body: Self.body(receiver.url))
            #expect(created == .created)
            #expect(entity["@odata.context"]?.stringValue == "http://vigil.test/v1.0/$metadata#subscriptions/$entity")
            #expect(entity["applicationId"]?.stringValue == server.adminA.clientId)
            #expect(entity["changeType"]?.stringValue == "created,updated")
            #expect(entity["clientState"]?.stringValue == "s3cret")
            #expect(entity["resource"]?.stringValue == "security/alerts?$filter=severity eq 'high'")
            #expect(entity["latestSupportedTlsVersion"]?.stringValue == "v1_2")
            #expect(entity["notificationContentType"]?.stringValue == "application/json")
            #expect(entity["id"]?.stringValue?.count == 36)
            let validation = try #require(receiver.with { $0.validations.first })
            // The token travels URL-encoded (it has spaces and a colon); the receiver must echo it decoded.
            #expect(validation.hasPrefix("validationToken=Validation%3A%20"))

            // A query already in the URL is kept.
            let (withQuery, _, _) = try await client.call("/beta/subscriptions", .post, token: token,
                                                          body: Self.body(receiver.url + "?tenant=a"))
            #expect(withQuery == .created)
            #expect(receiver.with { $0.validations.last }?.hasPrefix("tenant=a&validationToken=") == true)

            // Only a class of reason comes back: never the status, headers or body of what answered.
            let refusals: [(WebhookReceiver.Handshake, String)] = [
                (.wrongToken, "did not validate: wrong answer (it must answer 200 OK"), (.echoEncoded, "still URL-encoded"),
                (.never, "did not validate: timeout"), (.status(500), "did not validate: wrong answer"),
            ]
            for (mode, fragment) in refusals {
                receiver.with { $0.handshake = mode }
                let (status, error, _) = try await client.call("/v1.0/subscriptions", .post, token: token, body: Self.body(receiver.url))
                #expect(status == .badRequest)
                expectGraphError(error, code: "BadRequest", contains: fragment)
                #expect(error["error"]?["message"]?.stringValue?.contains("500") == false)
            }
            // A closed port: refused, without the connection error's own words.
            let (closed, closedError, _) = try await client.call("/v1.0/subscriptions", .post, token: token,
                                                                 body: Self.body("http://127.0.0.1:9/hook"))
            #expect(closed == .badRequest)
            expectGraphError(closedError, code: "BadRequest", contains: "did not validate: refused")
            #expect(closedError["error"]?["message"]?.stringValue?.lowercased().contains("connection refused") == false)
            let (_, list, _) = try await client.call("/v1.0/subscriptions", token: token)
            #expect(list["value"]?.arrayValue?.count == 2)
            #expect(list["@odata.context"]?.stringValue == "http://vigil.test/v1.0/$metadata#subscriptions")
        }
    }

    @Test("Bad subscriptions are refused with a clear 400 (or 403), and nothing is stored")
    func refusals() async throws {
        let server = try await TestServer.make()
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let cases: [(String, String)] = [
                (Self.body(receiver.url, resource: "security/alerts"), "too wide"),
                (Self.body(receiver.url, resource: "/security/alerts?$top=5"), "only $filter"),
                (Self.body(receiver.url, resource: "security/alerts?$filter=status eq"), "$filter"),
                (Self.body(receiver.url, resource: "security/secureScores"), "Unsupported subscription resource"),
                (Self.body(receiver.url, minutes: 43_201), "at most 43200 minutes"),
                (Self.body(receiver.url, minutes: -5), "in the future"),
                (Self.body(receiver.url, changeType: "created,deleted"), "'deleted' is not supported"),
                (Self.body(receiver.url, changeType: "removed"), "not valid"),
                (Self.body("http://169.254.169.254/latest/meta-data"), "link-local or cloud metadata"),
                (Self.body("http://metadata.google.internal/x"), "cloud metadata"),
                (Self.body("ftp://example.com/x"), "http(s) URL"),
                (Self.body(receiver.url, extra: #","includeResourceData":true"#), "includeResourceData"),
                (Self.body(receiver.url, extra: #","color":"blue""#), "'color' is not a subscription property"),
                (Self.body(receiver.url, extra: #","@vigil.signingSecret":"short""#), "at least 16"),
                (#"{"notificationUrl":"\#(receiver.url)","resource":"security/alerts/x","expirationDateTime":"2099-01-01T00:00:00Z"}"#,
                 "'changeType' is required"),
            ]
            for (body, fragment) in cases {
                let (status, error, _) = try await client.call("/v1.0/subscriptions", .post, token: token, body: body)
                #expect(status == .badRequest, "\(fragment)")
                expectGraphError(error, code: "BadRequest", contains: fragment)
            }
            let long = String(repeating: "x", count: 129)
            let (tooLong, _, _) = try await client.call("/v1.0/subscriptions", .post, token: token,
                                                        body: Self.body(receiver.url).replacingOccurrences(of: "s3cret", with: long))
            #expect(tooLong == .badRequest)
            let reader = try await server.token(client, tenant: server.tenantA, app: server.readerA)
            let (forbidden, error, _) = try await client.call("/v1.0/subscriptions", .post, token: reader, body: Self.body(receiver.url))
            #expect(forbidden == .forbidden)
            expectGraphError(error, code: "Forbidden", contains: "SecurityEvents.ReadWrite.All")
            #expect(receiver.with { $0.validations.isEmpty })
            let (_, list, _) = try await client.call("/v1.0/subscriptions", token: token)
            #expect(list["value"]?.arrayValue?.isEmpty == true)
        }
        let strict = try await TestServer.make { $0.notifications.allowPrivateTargets = false; $0.notifications.allowHTTP = false }
        try await strict.app.test(.router) { client in
            let token = try await strict.token(client, tenant: strict.tenantA, app: strict.adminA)
            let (http, httpError, _) = try await client.call("/v1.0/subscriptions", .post, token: token, body: Self.body(receiver.url))
            #expect(http == .badRequest)
            expectGraphError(httpError, code: "BadRequest", contains: "must use HTTPS")
            let (loop, loopError, _) = try await client.call("/v1.0/subscriptions", .post, token: token,
                                                             body: Self.body("https://127.0.0.1:\(receiver.port)/hook"))
            #expect(loop == .badRequest)
            expectGraphError(loopError, code: "BadRequest", contains: "private or loopback")
        }
    }

    @Test("A subscription whose resource no longer compiles says so on GET and in the list")
    func resourceThatNoLongerCompiles() async throws {
        let server = try await TestServer.make()
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (status, created, _) = try await client.call("/v1.0/subscriptions", .post, token: token, body: Self.body(receiver.url))
            #expect(status == .created)
            let id = try #require(created["id"]?.stringValue)
            let (_, healthy, _) = try await client.call("/v1.0/subscriptions/\(id)", token: token)
            #expect(healthy["@vigil.resourceError"] == nil)
            // As if a property it filters on were gone: the stored resource no longer compiles.
            let n = try #require(server.services.notifications)
            var record = try #require(try await n.subscriptions.subscription(tenantId: server.tenantA, id: id))
            record.resource = "security/alerts?$filter=retiredProperty eq 'x'"
            #expect(try await n.subscriptions.update(record))
            let (_, broken, _) = try await client.call("/v1.0/subscriptions/\(id)", token: token)
            let error = try #require(broken["@vigil.resourceError"]?.stringValue)
            #expect(error.contains("receives nothing") && error.contains("retiredProperty"), "\(error)")
            let (_, list, _) = try await client.call("/v1.0/subscriptions", token: token)
            #expect(list["value"]?.arrayValue?.first?["@vigil.resourceError"]?.stringValue == error)
        }
    }

    @Test("Get, renew, delete; another tenant and another app see nothing")
    func lifecycle() async throws {
        let server = try await TestServer.make()
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (_, entity, _) = try await client.call("/v1.0/subscriptions", .post, token: token,
                                                       body: Self.body(receiver.url, resource: "security/alerts/a-1"))
            let id = try #require(entity["id"]?.stringValue)
            let (got, read, _) = try await client.call("/v1.0/subscriptions/\(id)", token: token)
            #expect(got == .ok)
            #expect(read["resource"]?.stringValue == "security/alerts/a-1")
            let later = DateTimeOffset.now().adding(seconds: 40_000 * 60).iso8601
            let (renewed, renewedBody, _) = try await client.call("/v1.0/subscriptions/\(id)", .patch, token: token,
                                                                  body: #"{"expirationDateTime":"\#(later)"}"#)
            #expect(renewed == .ok)
            #expect(renewedBody["expirationDateTime"]?.stringValue.flatMap(DateTimeOffset.init) == DateTimeOffset(later))
            let (tooFar, _, _) = try await client.call("/v1.0/subscriptions/\(id)", .patch, token: token,
                                                       body: #"{"expirationDateTime":"2999-01-01T00:00:00Z"}"#)
            #expect(tooFar == .badRequest)
            let (lifecycleUrl, lifecycleError, _) = try await client.call("/v1.0/subscriptions/\(id)", .patch, token: token,
                                                                          body: #"{"lifecycleNotificationUrl":"\#(receiver.url)"}"#)
            #expect(lifecycleUrl == .badRequest)
            expectGraphError(lifecycleError, code: "BadRequest", contains: "cannot be added or changed with PATCH")

            let other = try await server.token(client, tenant: server.tenantB, app: server.adminB)
            for (method, body) in [(HTTPRequest.Method.get, nil), (.patch, #"{"expirationDateTime":"\#(later)"}"#), (.delete, nil)] as [(HTTPRequest.Method, String?)] {
                let (status, _, _) = try await client.call("/v1.0/subscriptions/\(id)", method, token: other, body: body)
                #expect(status == .notFound)
            }
            let (_, otherList, _) = try await client.call("/v1.0/subscriptions", token: other)
            #expect(otherList["value"]?.arrayValue?.isEmpty == true)

            let (deleted, _, _) = try await client.call("/v1.0/subscriptions/\(id)", .delete, token: token)
            #expect(deleted == .noContent)
            let (gone, _, _) = try await client.call("/v1.0/subscriptions/\(id)", token: token)
            #expect(gone == .notFound)
            let (method, _, _) = try await client.call("/v1.0/subscriptions", .put, token: token, body: "{}")
            #expect(method == .methodNotAllowed)
        }
    }

    @Test("Changes that match the filter are delivered once each: created, PATCH, re-ingest that changes; signed when asked")
    func delivery() async throws {
        let server = try await TestServer.make()
        let receiver = try await WebhookReceiver.start()
        let signed = try await WebhookReceiver.start()
        defer { receiver.stop(); signed.stop() }
        try await Self.dispatching(server) {
            try await server.app.test(.router) { client in
                let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
                let (_, entity, _) = try await client.call("/v1.0/subscriptions", .post, token: token, body: Self.body(receiver.url))
                let id = try #require(entity["id"]?.stringValue)
                let secret = "a-signing-secret-of-some-length"
                let (signedStatus, signedEntity, _) = try await client.call(
                    "/v1.0/subscriptions", .post, token: token,
                    body: Self.body(signed.url, resource: "security/alerts/a3", extra: #","@vigil.signingSecret":"\#(secret)""#))
                #expect(signedStatus == .created)
                #expect(signedEntity["@vigil.signingSecret"] == nil)
                #expect(signedEntity["@vigil.signed"] == .bool(true))

                try await Self.ingest(client, token: token, [sampleAlert("a1"), sampleAlert("a2", severity: "low"), sampleAlert("a3")])
                let first = try await receiver.waitForNotifications(2)
                #expect(Set(first.compactMap { $0["resourceData"]?["id"]?.stringValue }) == ["a1", "a3"])
                let a1 = try #require(first.first { $0["resourceData"]?["id"]?.stringValue == "a1" })
                #expect(a1["changeType"]?.stringValue == "created")
                #expect(a1["subscriptionId"]?.stringValue == id)
                #expect(a1["clientState"]?.stringValue == "s3cret")
                #expect(a1["tenantId"]?.stringValue == server.tenantA)
                #expect(a1["resource"]?.stringValue == "Security/Alerts/a1")
                #expect(a1["resourceData"]?["@odata.type"]?.stringValue == "#Microsoft.Graph.Alert")
                #expect(a1["resourceData"]?["@odata.id"]?.stringValue == "Security/Alerts/a1")
                #expect(a1["subscriptionExpirationDateTime"]?.stringValue == entity["expirationDateTime"]?.stringValue)

                let patch = #"{"status":"inProgress","vendorInformation":{"provider":"TestProvider","vendor":"TestVendor"}}"#
                let (patched, _, _) = try await client.call("/v1.0/security/alerts/a1", .patch, token: token, body: patch)
                #expect(patched == .noContent)
                let afterPatch = try await receiver.waitForNotifications(3)
                #expect(afterPatch.last?["changeType"]?.stringValue == "updated")
                #expect(afterPatch.last?["resourceData"]?["id"]?.stringValue == "a1")

                // The same content again is not a change; another tenant's alert is not ours; a changed
                // re-ingest is.
                try await Self.ingest(client, token: token, [sampleAlert("a3")])
                let other = try await server.token(client, tenant: server.tenantB, app: server.adminB)
                try await Self.ingest(client, token: other, [sampleAlert("b1")])
                try await Self.ingest(client, token: token, [sampleAlert("a3", extra: #","description":"changed""#)])
                let all = try await receiver.waitForNotifications(4)
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.with { $0.notifications.count } == 4)
                #expect(all.last?["resourceData"]?["id"]?.stringValue == "a3")
                #expect(all.last?["changeType"]?.stringValue == "updated")

                // The one-alert subscription got a3 created and updated, signed.
                let signedItems = try await signed.waitForNotifications(2)
                #expect(signedItems.compactMap { $0["changeType"]?.stringValue } == ["created", "updated"])
                let post = try #require(signed.with { $0.posts.first })
                let header = try #require(post.headers["x-vigil-signature"])
                let t = try #require(header.split(separator: ",").first.flatMap { Int64($0.dropFirst(2)) })
                #expect(header == WebhookClient.signature(body: post.body, secret: Secret(secret), timestamp: t))
                #expect(receiver.with { $0.posts.first?.headers["x-vigil-signature"] } == nil)
            }
        }
    }

    @Test("A receiver that is down for a while gets every notification when it comes back")
    func receiverOutage() async throws {
        let server = try await TestServer.make {
            $0.notifications.initialRetryDelaySeconds = 0.05
            $0.notifications.maxRetryDelaySeconds = 0.2
        }
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await Self.dispatching(server) {
            try await server.app.test(.router) { client in
                let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
                let (_, entity, _) = try await client.call("/v1.0/subscriptions", .post, token: token, body: Self.body(receiver.url))
                let id = try #require(entity["id"]?.stringValue)
                receiver.with { $0.answer = 503 }
                try await Self.ingest(client, token: token, (0..<5).map { sampleAlert("o\($0)") })
                for _ in 0..<500 where receiver.with({ $0.posts.count }) < 3 { try await Task.sleep(for: .milliseconds(20)) }
                let (_, report, _) = try await client.call("/v1.0/subscriptions/\(id)/deliveries", token: token)
                #expect(report["pending"]?.intValue == 5)
                #expect(report["attempts"]?.arrayValue?.first?["statusCode"]?.intValue == 503)
                #expect(report["retrying"]?.arrayValue?.first?["lastError"]?.stringValue == "answered 503")
                #expect(report["nextAttemptDateTime"]?.stringValue != nil)

                receiver.with { $0.answer = 202 }
                let items = try await receiver.waitForNotifications(5)
                #expect(Set(items.compactMap { $0["resourceData"]?["id"]?.stringValue }) == Set((0..<5).map { "o\($0)" }))
                var after = report
                for _ in 0..<100 {
                    (_, after, _) = try await client.call("/v1.0/subscriptions/\(id)/deliveries", token: token)
                    if after["pending"]?.intValue == 0 { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(after["pending"]?.intValue == 0)
                #expect(after["deadLettered"]?.intValue == 0)
                #expect(after["attempts"]?.arrayValue?.first?["statusCode"]?.intValue == 202)
            }
        }
    }

    @Test("After the retry window entries are dead-lettered, a missed lifecycle notification goes out, and replay delivers them")
    func deadLetterAndReplay() async throws {
        let server = try await TestServer.make {
            $0.notifications.initialRetryDelaySeconds = 0.05
            $0.notifications.maxRetryDelaySeconds = 0.1
            $0.notifications.retryWindowHours = 0.002  // 7.2 s: several attempts even on a loaded machine
        }
        let receiver = try await WebhookReceiver.start(.init(answer: 500))
        let lifecycle = try await WebhookReceiver.start()
        defer { receiver.stop(); lifecycle.stop() }
        try await Self.dispatching(server) {
            try await server.app.test(.router) { client in
                let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
                let (_, entity, _) = try await client.call(
                    "/v1.0/subscriptions", .post, token: token,
                    body: Self.body(receiver.url, extra: #","lifecycleNotificationUrl":"\#(lifecycle.url)""#))
                let id = try #require(entity["id"]?.stringValue)
                try await Self.ingest(client, token: token, [sampleAlert("d1"), sampleAlert("d2")])
                var report = JSONValue.null
                // Polled gently: the reads count against the tenant's throttling budget (150 a minute).
                for _ in 0..<150 {
                    (_, report, _) = try await client.call("/v1.0/subscriptions/\(id)/deliveries", token: token)
                    // The missed lifecycle notification is itself pending until delivered.
                    if report["deadLettered"]?.intValue == 2, report["pending"]?.intValue == 0 { break }
                    try await Task.sleep(for: .milliseconds(250))
                }
                #expect(report["deadLettered"]?.intValue == 2)
                #expect(report["pending"]?.intValue == 0)
                let dead = report["deadLetters"]?.arrayValue ?? []
                #expect(dead.count == 2)
                #expect(dead.first?["lastStatusCode"]?.intValue == 500)
                #expect((dead.first?["attempts"]?.intValue ?? 0) >= 2)
                #expect(dead.first?["deadLetteredDateTime"]?.stringValue != nil)
                #expect(Set(dead.compactMap { $0["resource"]?.stringValue }) == ["Security/Alerts/d1", "Security/Alerts/d2"])

                let missed = try await lifecycle.waitForNotifications(1)
                #expect(missed.first?["lifecycleEvent"]?.stringValue == "missed")
                #expect(missed.first?["subscriptionId"]?.stringValue == id)
                #expect(missed.first?["clientState"]?.stringValue == "s3cret")
                #expect(receiver.with { $0.notifications.isEmpty })

                receiver.with { $0.answer = 202 }
                let (replayed, replayBody, _) = try await client.call("/v1.0/subscriptions/\(id)/deliveries/replay", .post,
                                                                      token: token)
                #expect(replayed == .ok)
                #expect(replayBody["replayed"]?.intValue == 2)
                let delivered = try await receiver.waitForNotifications(2)
                #expect(Set(delivered.compactMap { $0["resourceData"]?["id"]?.stringValue }) == ["d1", "d2"])
                let (_, bad, _) = try await client.call("/v1.0/subscriptions/\(id)/deliveries/replay", .post, token: token,
                                                        body: #"{"ids":[1,2]}"#)
                expectGraphError(bad, code: "BadRequest", contains: "string ids")
            }
        }
    }

    @Test("Notifications written while no dispatcher runs are delivered after a restart")
    func deliveredAfterRestart() async throws {
        let server = try await TestServer.make()
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (created, _, _) = try await client.call("/v1.0/subscriptions", .post, token: token, body: Self.body(receiver.url))
            #expect(created == .created)
            try await Self.ingest(client, token: token, [sampleAlert("r1"), sampleAlert("r2")])
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(receiver.with { $0.notifications.isEmpty })
        // A new process on the same database: its dispatcher finds the outbox as it was left.
        let reopened = try await VigilServices.open(server.services.configuration)
        let notifications = try #require(reopened.notifications)
        let dispatcher = notifications.dispatcher(logger: quietLogger)
        let task = Task { try await dispatcher.run() }
        defer { task.cancel() }
        let items = try await receiver.waitForNotifications(2)
        #expect(Set(items.compactMap { $0["resourceData"]?["id"]?.stringValue }) == ["r1", "r2"])
    }
}

extension JSONValue {
    var intValue: Int? {
        if case .int(let i) = self { return Int(i) }
        return nil
    }
}
