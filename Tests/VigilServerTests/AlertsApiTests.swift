import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VigilTesting
import VigilCore
@testable import VigilServer
@testable import VigilEngine

@Suite("Alerts API")
struct AlertsApiTests {
    @Test func ingestListGetPatchRoundTrip() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let ndjson = [sampleAlert("a1"), sampleAlert("a2", severity: "low"), sampleAlert("a3", status: "resolved")]
                .joined(separator: "\n")
            let (status, result, _) = try await client.call("/ingest/alerts", .post, token: token, body: ndjson,
                                                            contentType: "application/x-ndjson")
            #expect(status == .ok)
            #expect(result["created"] == 3 && result["updated"] == 0 && result["rejected"] == 0)

            let (listStatus, list, headers) = try await client.call(
                "/v1.0/security/alerts?$filter=severity%20eq%20'high'%20and%20status%20eq%20'newAlert'&$count=true",
                token: token, headers: [.clientRequestId: "my-id"])
            #expect(listStatus == .ok)
            #expect(list["@odata.context"] == "http://vigil.test/v1.0/$metadata#security/alerts")
            #expect(list["@odata.count"] == 1)
            #expect(list["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["a1"])
            #expect(headers[.clientRequestId] == "my-id")
            #expect(headers[.requestId] != nil)
            #expect(headers[.odataVersion] == "4.0")
            #expect(headers[.contentType]?.hasPrefix("application/json;odata.metadata=minimal") == true)

            let (getStatus, alert, _) = try await client.call("/beta/security/alerts/a2", token: token)
            #expect(getStatus == .ok)
            #expect(alert["severity"] == "low")
            #expect(alert["@vigil.occurrenceCount"] == 1)
            #expect(alert["@odata.context"] == "http://vigil.test/beta/$metadata#security/alerts/$entity")
            #expect(alert["azureTenantId"]?.stringValue == server.tenantA)

            let patchBody = #"{"assignedTo":"analyst@contoso.com","status":"inProgress","feedback":"truePositive","tags":["HVA"],"vendorInformation":{"provider":"TestProvider","vendor":"TestVendor"}}"#
            let (noContent, empty, _) = try await client.call("/v1.0/security/alerts/a1", .patch, token: token, body: patchBody)
            #expect(noContent == .noContent)
            #expect(empty == .null)
            let (ok, updated, _) = try await client.call("/v1.0/security/alerts/a1", .patch, token: token,
                                                         body: #"{"status":"resolved","comments":["done"],"vendorInformation":{"provider":"TestProvider","vendor":"TestVendor"}}"#,
                                                         headers: [.prefer: "return=representation"])
            #expect(ok == .ok)
            #expect(updated["status"] == "resolved")
            #expect(updated["assignedTo"] == "analyst@contoso.com")
            #expect(updated["tags"] == ["HVA"])
            let history = try #require(updated["historyStates"]?.arrayValue)
            #expect(history.count == 2)
            #expect(history[0]["status"] == "inProgress")
            #expect(history[1]["status"] == "resolved")
            #expect(history[1]["comments"] == ["done"])
            #expect(history[1]["appId"]?.stringValue == server.adminA.clientId)
            #expect(updated["lastModifiedDateTime"]?.stringValue.flatMap(DateTimeOffset.init).map { $0 > DateTimeOffset("2025-01-01T00:00:00Z")! } == true)

            // Re-ingesting keeps the history and counts the occurrence.
            let (_, again, _) = try await client.call("/ingest/alerts", .post, token: token, body: sampleAlert("a1"))
            #expect(again["updated"] == 1)
            let (_, reread, _) = try await client.call("/v1.0/security/alerts/a1", token: token)
            #expect(reread["@vigil.occurrenceCount"] == 2)
            #expect(reread["historyStates"]?.arrayValue?.count == 2)
        }
    }

    @Test("The Graph documentation alert example is ingested and read back equal",
          .enabled(if: SharedTestData.isAvailable(), Comment(rawValue: SharedTestData.unavailableText)))
    func documentationExampleRoundTrip() async throws {
        let server = try await TestServer.make()
        // The v1.0 list example, with its placeholders replaced by values of the declared types.
        let data = try Data(contentsOf: SharedTestData.url("graph-examples/v1.0/alert-list.json"))
        var example = try #require(try JSONParser.parse(Array(data))["value"]?.arrayValue?.first?.objectValue)
        example["id"] = "doc-1"
        example["severity"] = "high"
        example["status"] = "newAlert"
        example["feedback"] = "truePositive"
        example["vendorInformation"] = ["provider": "Microsoft Defender ATP", "vendor": "Microsoft",
                                        "providerVersion": "1.0", "subProvider": "MicrosoftDefenderATP"]
        for key in ["createdDateTime", "eventDateTime", "closedDateTime", "lastModifiedDateTime"] { example[key] = "2020-04-20T16:34:28.061101Z" }
        let sanitized = Alert(jsonObject: example)
        // Nested placeholders that are not of their declared type are dropped from the comparison.
        var sanitizedObject = sanitized.jsonObject
        for key in sanitized.passthrough.invalidProperties { sanitizedObject.removeValue(forKey: key) }
        let expected = sanitizedObject
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let body = JSONWriter.string(.object(["value": .array([.object(expected)])]))
            let (status, result, _) = try await client.call("/ingest/alerts", .post, token: token, body: body)
            #expect(status == .ok)
            #expect(result["created"] == 1, "\(result)")
            let (_, read, _) = try await client.call("/v1.0/security/alerts/doc-1", token: token)
            var back = try #require(read.objectValue)
            back.removeValue(forKey: "@odata.context")
            back.removeValue(forKey: "@vigil.occurrenceCount")
            #expect(JSONValue.object(back).jsonEquals(.object(expected)))
        }
    }

    @Test func ingestionRejectsBadItemsAndKeepsGoodOnes() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let lines = [
                sampleAlert("good-1"),
                "{not json",
                #"{"title":"no id","severity":"high","status":"newAlert","vendorInformation":{"provider":"P","vendor":"V"}}"#,
                #"{"id":"x","severity":"high","status":"newAlert"}"#,
                sampleAlert("bad-type", extra: #","confidence":"very""#),
                "[1,2]",
                sampleAlert("good-2"),
            ].joined(separator: "\n")
            let (status, result, _) = try await client.call("/ingest/alerts", .post, token: token, body: lines,
                                                            contentType: "application/x-ndjson")
            #expect(status == .ok)
            #expect(result["created"] == 2)
            #expect(result["rejected"] == 5)
            let reasons = try #require(result["errors"]?.arrayValue).compactMap { $0["reason"]?.stringValue }
            #expect(reasons.contains { $0.contains("Malformed JSON") })
            #expect(reasons.contains { $0.contains("'id'") })
            #expect(reasons.contains { $0.contains("vendorInformation.provider") })
            #expect(reasons.contains { $0.contains("'confidence'") })
            let (_, list, _) = try await client.call("/v1.0/security/alerts?$orderby=id", token: token)
            #expect(list["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["good-1", "good-2"])

            let (malformed, body, _) = try await client.call("/ingest/alerts", .post, token: token, body: #"{"value":[{"id":1,}]}"#)
            #expect(malformed == .badRequest)
            expectGraphError(body, code: "BadRequest", contains: "line 1, column")
            let (media, mediaBody, _) = try await client.call("/ingest/alerts", .post, token: token, body: "x", contentType: "text/csv")
            #expect(media == .unsupportedMediaType)
            expectGraphError(mediaBody, code: "UnsupportedMediaType", contains: "text/csv")
        }
    }

    @Test func ingestionLimits() async throws {
        let server = try await TestServer.make { $0.ingest.maxItems = 3; $0.ingest.maxBytes = 2000 }
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let four = (1...4).map { #"{"id":"\#($0)"}"# }.joined(separator: "\n")
            let (tooMany, body, _) = try await client.call("/ingest/alerts", .post, token: token, body: four)
            #expect(tooMany == .contentTooLarge)
            expectGraphError(body, code: "RequestEntityTooLarge", contains: "at most 3")
            let big = sampleAlert("big", extra: #","description":"\#(String(repeating: "x", count: 3000))""#)
            let (tooBig, _, _) = try await client.call("/ingest/alerts", .post, token: token, body: big)
            #expect(tooBig == .contentTooLarge)
        }
    }

    @Test func patchAndQueryErrors() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            _ = try await client.call("/ingest/alerts", .post, token: token, body: sampleAlert("p1"))
            let vendor = #""vendorInformation":{"provider":"TestProvider","vendor":"TestVendor"}"#
            let cases: [(String, HTTPResponse.Status, String, String)] = [
                (#"{"status":"resolved"}"#, .badRequest, "BadRequest", "vendorInformation"),
                (#"{"status":"resolved","vendorInformation":{"provider":"TestProvider"}}"#, .badRequest, "BadRequest", "vendor"),
                (#"{"title":"new",\#(vendor)}"#, .badRequest, "BadRequest", "'title' cannot be updated"),
                (#"{"status":"closed",\#(vendor)}"#, .badRequest, "BadRequest", "not a member of alertStatus"),
                (#"{"tags":"HVA",\#(vendor)}"#, .badRequest, "BadRequest", "'tags' does not have the type"),
                (#"{"status":"resolved","vendorInformation":{"provider":"Other","vendor":"TestVendor"}}"#, .notFound, "ResourceNotFound", "p1"),
                ("{bad", .badRequest, "BadRequest", "Malformed JSON"),
                ("[]", .badRequest, "BadRequest", "JSON object"),
            ]
            for (body, status, code, fragment) in cases {
                let (s, json, _) = try await client.call("/v1.0/security/alerts/p1", .patch, token: token, body: body)
                #expect(s == status, "\(body) → \(json)")
                expectGraphError(json, code: code, contains: fragment)
            }
            let (missing, json, _) = try await client.call("/v1.0/security/alerts/nope", .patch, token: token,
                                                           body: #"{"status":"resolved",\#(vendor)}"#)
            #expect(missing == .notFound)
            expectGraphError(json, code: "ResourceNotFound", contains: "nope")
            let (get404, _, _) = try await client.call("/v1.0/security/alerts/nope", token: token)
            #expect(get404 == .notFound)

            let queries: [(String, String)] = [
                ("$top=1001", "$top"), ("$skip=501", "$skip"), ("$filter=severity%20gt%203", "cannot compare severity"),
                ("$filter=bogus%20eq%201", "'bogus' is not a property"), ("$orderby=tags", "collection"),
                ("$filter=title%20eq%20%27%FF%27", "UTF-8"), ("$expand=x", "not supported"), ("$skiptoken=abc", "$skiptoken"),
                ("$filter=%ZZ", "percent-encoding"),
            ]
            for (query, fragment) in queries {
                let (s, body, _) = try await client.call("/v1.0/security/alerts?\(query)", token: token)
                #expect(s == .badRequest, "\(query)")
                expectGraphError(body, code: "BadRequest", contains: fragment)
            }
            let (s404, body404, _) = try await client.call("/v1.0/security/nothing", token: token)
            #expect(s404 == .notFound)
            expectGraphError(body404, code: "ResourceNotFound")
            let (s405, body405, _) = try await client.call("/v1.0/security/alerts", .delete, token: token)
            #expect(s405 == .methodNotAllowed)
            expectGraphError(body405, code: "MethodNotAllowed", contains: "GET")
            let (sv405, _, _) = try await client.call("/v1.0/security/alerts/updateAlerts", .post, token: token, body: "{}")
            #expect(sv405 == .methodNotAllowed)
        }
    }

    @Test func updateAlertsAppliesGoodItemsAndReportsBadOnes() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            _ = try await client.call("/ingest/alerts", .post, token: token, body: [sampleAlert("u1"), sampleAlert("u2")].joined(separator: "\n"))
            let vendor = #""vendorInformation":{"provider":"TestProvider","vendor":"TestVendor"}"#
            let body = #"{"value":[{"id":"u1","status":"resolved","closedDateTime":"2019-01-01T00:00:00Z",\#(vendor)},{"id":"missing","status":"resolved",\#(vendor)},{"id":"u2","status":"bogus",\#(vendor)}]}"#
            let (status, result, _) = try await client.call("/beta/security/alerts/updateAlerts", .post, token: token, body: body)
            #expect(status == .ok)
            #expect(result["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["u1"])
            #expect(result["value"]?.arrayValue?.first?["closedDateTime"] == "2019-01-01T00:00:00Z")
            #expect(result["@vigil.errors"]?.arrayValue?.count == 2)
            let (v1, _, _) = try await client.call("/v1.0/security/alerts/updateAlerts", .post, token: token, body: body)
            #expect(v1 == .methodNotAllowed)
        }
    }

    @Test("Throttling covers the token endpoint, /ingest/* and /feeds/*, each with its own budget")
    func throttlingCoversTokenIngestAndFeeds() async throws {
        let server = try await TestServer.make()
        let services = try server.services(limiter: RateLimiter(limits: ["token": 2, "ingest": 2, "feeds": 2],
                                                                clock: { 6_000_020 }))
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            // Two token requests (one with a wrong secret: guesses count), then 429 in the identity platform's shape.
            let a = server.adminA
            let scope = "scope=http%3A%2F%2Fvigil.test%2F.default"
            let token = try await server.token(client, tenant: server.tenantA, app: a)
            let wrong = "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=guess&\(scope)"
            let right = "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=\(a.secret)&\(scope)"
            let (guess, _, _) = try await client.call("/\(server.tenantA)/oauth2/v2.0/token", .post, token: nil, body: wrong,
                                                      contentType: "application/x-www-form-urlencoded")
            #expect(guess == .unauthorized)
            let (limited, body, headers) = try await client.call("/\(server.tenantA)/oauth2/v2.0/token", .post, token: nil,
                                                                 body: right, contentType: "application/x-www-form-urlencoded")
            #expect(limited == .tooManyRequests)
            #expect(body["error"] == "temporarily_unavailable")
            #expect(headers[.retryAfter] == "40")
            // Another client has its own budget.
            let reader = try await server.token(client, tenant: server.tenantA, app: server.readerA)
            #expect(!reader.isEmpty)

            for _ in 0..<2 {
                #expect(try await client.call("/ingest/alerts", .post, token: token, body: sampleAlert("t-1")).0 == .ok)
            }
            let (ingest, ingestError, ingestHeaders) = try await client.call("/ingest/suricata", .post, token: token, body: "{}")
            #expect(ingest == .tooManyRequests)
            expectGraphError(ingestError, code: "TooManyRequests")
            #expect(ingestHeaders[.retryAfter] == "40")
            for _ in 0..<2 { #expect(try await client.call("/feeds/blocklist?type=ip", token: token).0 == .ok) }
            #expect(try await client.call("/feeds/allowlist?type=ip", token: token).0 == .tooManyRequests)
            // Alerts keep their own budget.
            #expect(try await client.call("/v1.0/security/alerts", token: token).0 == .ok)
        }
    }

    @Test func throttlingAnswers429WithRetryAfter() async throws {
        let server = try await TestServer.make()
        // A clock fixed 20 s into a minute: every request falls in the same window, however slow the machine.
        let services = try server.services(limiter: RateLimiter(limits: ["alerts": 3], clock: { 6_000_020 }))
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            var statuses: [HTTPResponse.Status] = []
            var last: (JSONValue, HTTPFields) = (.null, [:])
            for _ in 0..<5 {
                let (s, body, headers) = try await client.call("/v1.0/security/alerts", token: token)
                statuses.append(s)
                last = (body, headers)
            }
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests, .tooManyRequests])
            expectGraphError(last.0, code: "TooManyRequests", contains: "retry")
            #expect(last.1[.retryAfter] == "40")
            // Another app of the same tenant has its own budget.
            let reader = try await server.token(client, tenant: server.tenantA, app: server.readerA)
            let (other, _, _) = try await client.call("/v1.0/security/alerts", token: reader)
            #expect(other == .ok)
        }
    }

    @Test func healthAndMetrics() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let (status, health, _) = try await client.call("/health", token: nil)
            #expect(status == .ok)
            #expect(health["ready"] == true && health["database"] == "ok")
            #expect(health["externalIssuers"] == nil)  // none configured
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            _ = try await client.call("/ingest/alerts", .post, token: token, body: sampleAlert("m1") + "\n{bad")
            _ = try await client.call("/v1.0/security/alerts", token: token)
            let text = try await client.execute(uri: "/metrics", method: .get) { response in
                String(buffer: response.body)
            }
            #expect(text.contains("vigil_http_requests_total"))
            #expect(text.contains(#"route="/v1.0/security/alerts""#))
            #expect(text.contains("vigil_http_request_duration_seconds_bucket"))
            #expect(text.contains("vigil_ingested_alerts_total 1"))
            #expect(text.contains("vigil_rejected_alerts_total 1"))
            #expect(text.contains("vigil_alerts_stored 1"))
        }
    }

    @Test("/metrics needs a Vigil.Admin token when the server listens beyond loopback, or when configured so")
    func metricsBehindAToken() async throws {
        for (host, configured, needed) in [("0.0.0.0", nil, true), ("127.0.0.1", nil, false), ("127.0.0.1", true, true),
                                           ("0.0.0.0", false, false)] as [(String, Bool?, Bool)] {
            let server = try await TestServer.make { $0.host = host; $0.metricsRequireToken = configured }
            #expect(server.services.configuration.metricsNeedToken == needed)
            try await server.app.test(.router) { client in
                let (anonymous, body, _) = try await client.call("/metrics", token: nil)
                if needed {
                    #expect(anonymous == .unauthorized, "\(host) \(String(describing: configured))")
                    expectGraphError(body, code: "InvalidAuthenticationToken")
                    let reader = try await server.token(client, tenant: server.tenantA, app: server.readerA)
                    #expect(try await client.call("/metrics", token: reader).0 == .forbidden)
                    let admin = try await server.token(client, tenant: server.tenantA, app: server.adminA)
                    #expect(try await client.call("/metrics", token: admin).0 == .ok)
                } else {
                    #expect(anonymous == .ok, "\(host) \(String(describing: configured))")
                }
            }
        }
    }
}
