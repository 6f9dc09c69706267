import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilTesting
@testable import VigilServer
@testable import VigilEngine

/// Vigil's answers checked against Microsoft's OpenAPI document for the security paths: every value of a
/// declared property has the declared type, every enumeration member is one the document lists (in its
/// spelling: `Completed`, not `completed`), and date-times match the document's pattern. Data goes in with
/// enumeration members in other cases, as clients and providers write them.
@Suite("Answers conform to Microsoft's OpenAPI document",
       .enabled(if: OpenAPIResponseSchema.isAvailable, Comment(rawValue: OpenAPIResponseSchema.unavailableText)))
struct WireSchemaTests {
    static func expectConforms(_ body: JSONValue, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let schema = try #require(OpenAPIResponseSchema.shared, "the OpenAPI document did not load")
        let problems = schema.violations(of: body, path: path)
        #expect(problems.isEmpty, "\(path): \(problems.prefix(10).joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    @Test("The document's own rule catches a lower-case operationStatus")
    func validatorCatchesCasing() throws {
        let schema = try #require(OpenAPIResponseSchema.shared)
        let action: JSONValue = ["id": "a", "status": "completed", "states": [["status": "running"]]]
        let problems = schema.violations(of: action, component: "beta.microsoft.graph.securityAction")
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("$.status:") && $0.contains("Completed") })
        #expect(problems.contains { $0.hasPrefix("$.states[0].status:") })
        let fixed: JSONValue = ["id": "a", "status": "Completed", "states": [["status": "Running"]]]
        #expect(schema.violations(of: fixed, component: "beta.microsoft.graph.securityAction").isEmpty)
    }

    @Test("Alerts, security actions, indicators, secure scores, control profiles and subscriptions")
    func answersConform() async throws {
        let server = try await TestServer.make()
        // Members in other cases, as providers send them: stored and answered in the CSDL spelling.
        let alert = sampleAlert("wire-1", severity: "HIGH", status: "NewAlert",
                                extra: #","feedback":"TRUEPOSITIVE","networkConnections":[{"protocol":"TCP","direction":"Inbound","destinationAddress":"203.0.113.5"}],"fileStates":[{"name":"x.exe","fileHash":{"hashType":"SHA256","hashValue":"aa"}}]"#)
        let engine = try SecureScoreTests.engine(server)
        _ = try await engine.compute(tenantIds: [server.tenantA], at: .now())
        let s = server.services
        let actions = try #require(s.actions)
        let services = try VigilServices(configuration: s.configuration, database: s.database, alerts: s.alerts,
                                         identity: s.identity, tokens: s.tokens, limiter: s.limiter, metrics: s.metrics,
                                         federation: s.federation, indicators: s.indicators, notifications: s.notifications,
                                         actions: { _, _ in actions }, score: engine, sigma: s.sigma)
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (ingested, ingestBody, _) = try await client.call("/ingest/alerts", .post, token: token, body: #"{"value":[\#(alert)]}"#)
            #expect(ingested == .ok, "\(ingestBody)")

            for version in ["v1.0", "beta"] {
                let (status, list, _) = try await client.call("/\(version)/security/alerts", token: token)
                #expect(status == .ok)
                let first = try #require(list["value"]?.arrayValue?.first)
                #expect(first["severity"]?.stringValue == "high")
                #expect(first["status"]?.stringValue == "newAlert")
                #expect(first["feedback"]?.stringValue == "truePositive")
                #expect(first["networkConnections"]?.arrayValue?.first?["protocol"]?.stringValue == "tcp")
                try Self.expectConforms(list, "/\(version)/security/alerts")
                let (_, one, _) = try await client.call("/\(version)/security/alerts/wire-1", token: token)
                try Self.expectConforms(one, "/\(version)/security/alerts/{alert-id}")
            }

            let (created, action, _) = try await client.call(
                "/beta/security/securityActions", .post, token: token,
                body: SecurityActionsTests.body("blockIp", [("IP", "203.0.113.9")]))
            #expect(created == .created)
            try Self.expectConforms(action, "/beta/security/securityActions")
            let id = try #require(action["id"]?.stringValue)
            #expect(try await SecurityActionsTests.runner(server.services).runOnce() == 1)
            let (_, done, _) = try await client.call("/beta/security/securityActions/\(id)", token: token)
            #expect(done["status"]?.stringValue == "Completed")
            try Self.expectConforms(done, "/beta/security/securityActions/{securityAction-id}")
            let (_, actions, _) = try await client.call("/beta/security/securityActions", token: token)
            try Self.expectConforms(actions, "/beta/security/securityActions")

            let (madeIndicator, indicator, _) = try await client.call(
                "/beta/security/tiIndicators", .post, token: token,
                body: IndicatorsApiTests.indicator(#""domainName":"evil.example""#, action: "BLOCK"))
            #expect(madeIndicator == .created, "\(indicator)")
            #expect(indicator["action"]?.stringValue == "block")
            let indicatorId = try #require(indicator["id"]?.stringValue)
            let (_, indicators, _) = try await client.call("/beta/security/tiIndicators", token: token)
            try Self.expectConforms(indicators, "/beta/security/tiIndicators")
            let (_, oneIndicator, _) = try await client.call("/beta/security/tiIndicators/\(indicatorId)", token: token)
            try Self.expectConforms(oneIndicator, "/beta/security/tiIndicators/{tiIndicator-id}")

            let (_, scores, _) = try await client.call("/v1.0/security/secureScores", token: token)
            #expect(scores["value"]?.arrayValue?.count == 1)
            try Self.expectConforms(scores, "/v1.0/security/secureScores")
            let (_, profiles, _) = try await client.call("/v1.0/security/secureScoreControlProfiles", token: token)
            #expect(profiles["value"]?.arrayValue?.isEmpty == false)
            try Self.expectConforms(profiles, "/v1.0/security/secureScoreControlProfiles")

            let (subscribed, subscription, _) = try await client.call("/v1.0/subscriptions", .post, token: token,
                                                                      body: SubscriptionsTests.body(receiver.url))
            #expect(subscribed == .created, "\(subscription)")
            let (_, subscriptions, _) = try await client.call("/v1.0/subscriptions", token: token)
            try Self.expectConforms(subscriptions, "/v1.0/subscriptions")
        }
    }
}
