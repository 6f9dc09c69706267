import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
@testable import VigilServer
@testable import VigilEngine

@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test func tenantBNeverSeesOrChangesTenantAAlerts() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let a = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let b = try await server.token(client, tenant: server.tenantB, app: server.adminB)
            let batch = (1...5).map { sampleAlert("shared-\($0)") }.joined(separator: "\n")
            _ = try await client.call("/ingest/alerts", .post, token: a, body: batch)
            _ = try await client.call("/ingest/alerts", .post, token: b, body: sampleAlert("b-only"))

            let (_, listB, _) = try await client.call("/v1.0/security/alerts", token: b)
            #expect(listB["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["b-only"])
            let (getB, _, _) = try await client.call("/v1.0/security/alerts/shared-1", token: b)
            #expect(getB == .notFound)
            let vendor = #""vendorInformation":{"provider":"TestProvider","vendor":"TestVendor"}"#
            let (patchB, _, _) = try await client.call("/v1.0/security/alerts/shared-1", .patch, token: b,
                                                       body: #"{"status":"dismissed",\#(vendor)}"#)
            #expect(patchB == .notFound)
            let (_, stillNew, _) = try await client.call("/v1.0/security/alerts/shared-1", token: a)
            #expect(stillNew["status"] == "newAlert")

            // A paging cursor of tenant A replayed by tenant B is rejected.
            let (_, pageA, _) = try await client.call("/v1.0/security/alerts?$top=2", token: a)
            let next = try #require(pageA["@odata.nextLink"]?.stringValue)
            let path = String(next.dropFirst("http://vigil.test".count))
            let (replay, body, _) = try await client.call(path, token: b)
            #expect(replay == .badRequest)
            expectGraphError(body, code: "BadRequest", contains: "$skiptoken")
            // The same cursor works for tenant A.
            let (ok, pageA2, _) = try await client.call(path, token: a)
            #expect(ok == .ok)
            #expect(pageA2["value"]?.arrayValue?.count == 2)
            // A token of tenant B naming tenant A in the URL of the token endpoint does not help: tid rules.
            let identity = try await server.services.tokens.verify(b)
            #expect(identity.tenantId == server.tenantB)
        }
    }

    @Test func pagingThroughHTTPFollowsNextLinksToTheEnd() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            var generator = AlertGenerator(seed: 11)
            let alerts = generator.alerts(count: 600)
            let body = JSONWriter.string(.object(["value": .array(alerts.map(\.json))]))
            let (s, result, _) = try await client.call("/ingest/alerts", .post, token: token, body: body)
            #expect(s == .ok && result["created"] == 600)
            let filter = "severity%20ne%20'informational'%20and%20userStates/any(u:%20u/logonType%20eq%20'network')"
            var path: String? = "/v1.0/security/alerts?$filter=\(filter)&$orderby=createdDateTime%20desc&$top=37"
            var ids: [String] = []
            while let current = path {
                let (status, page, _) = try await client.call(current, token: token)
                #expect(status == .ok)
                ids += page["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                path = page["@odata.nextLink"]?.stringValue.map { String($0.dropFirst("http://vigil.test".count)) }
            }
            let expected = try ODataQuery<Alert>.parse([
                ("$filter", "severity ne 'informational' and userStates/any(u: u/logonType eq 'network')"),
                ("$orderby", "createdDateTime desc"),
            ]).evaluate(alerts).compactMap(\.id)
            #expect(ids == expected)
            #expect(!ids.isEmpty)
        }
    }
}
