import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
@testable import VigilServer
@testable import VigilEngine

@Suite("Threat indicators API and matching")
struct IndicatorsApiTests {
    static func indicator(_ observable: String, action: String = "alert", externalId: String = "ext-1",
                          expires: String = "2099-01-01T00:00:00Z", extra: String = "") -> String {
        #"{"action":"\#(action)","description":"Test indicator","expirationDateTime":"\#(expires)","targetProduct":"Azure Sentinel","threatType":"C2","tlpLevel":"green","externalId":"\#(externalId)",\#(observable)\#(extra)}"#
    }

    /// A second app in tenant A with only the indicator permission.
    static func otherApp(_ server: TestServer) async throws -> (clientId: String, secret: String) {
        let (app, secret) = try await server.services.identity.createApp(
            tenantId: server.tenantA, name: "ti-2", roles: [Permission.threatIndicators, Permission.ingest], multiTenant: false)
        return (app.clientId, secret.revealed)
    }

    @Test("Create, read, update, delete; an app sees only its own indicators; tenants are isolated")
    func crud() async throws {
        let server = try await TestServer.make()
        let other = try await Self.otherApp(server)
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (created, body, _) = try await client.call("/beta/security/tiIndicators", .post, token: token,
                                                          body: Self.indicator(#""domainName":"Evil.Example""#))
            #expect(created == .created)
            let id = try #require(body["id"]?.stringValue)
            #expect(body["azureTenantId"]?.stringValue == server.tenantA)
            #expect(body["isActive"] == .bool(true))
            #expect(body["severity"] == .int(3))
            #expect(body["ingestedDateTime"]?.stringValue != nil)
            #expect(body["@odata.context"]?.stringValue == "http://vigil.test/beta/$metadata#security/tiIndicators/$entity")

            let (missing, error, _) = try await client.call("/beta/security/tiIndicators", .post, token: token,
                                                           body: #"{"action":"alert","targetProduct":"Azure Sentinel","expirationDateTime":"2099-01-01T00:00:00Z","description":"x","tlpLevel":"green","domainName":"a.example"}"#)
            #expect(missing == .badRequest)
            expectGraphError(error, code: "BadRequest", contains: "'threatType' is required")
            let (badValue, badError, _) = try await client.call("/beta/security/tiIndicators", .post, token: token,
                                                               body: Self.indicator(#""networkIPv4":"300.1.1.1""#))
            #expect(badValue == .badRequest)
            expectGraphError(badError, code: "BadRequest", contains: "networkIPv4")
            let (badEnum, enumError, _) = try await client.call("/beta/security/tiIndicators", .post, token: token,
                                                               body: Self.indicator(#""domainName":"a.example""#, action: "destroy"))
            #expect(badEnum == .badRequest)
            expectGraphError(enumError, code: "BadRequest", contains: "tiAction")

            let (listed, list, _) = try await client.call("/beta/security/tiIndicators?$filter=threatType%20eq%20'C2'", token: token)
            #expect(listed == .ok)
            #expect(list["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])

            let otherToken = try await server.token(client, tenant: server.tenantA, app: other)
            let (_, otherList, _) = try await client.call("/beta/security/tiIndicators", token: otherToken)
            #expect(otherList["value"]?.arrayValue?.isEmpty == true)
            let (hidden, _, _) = try await client.call("/beta/security/tiIndicators/\(id)", token: otherToken)
            #expect(hidden == .notFound)
            let (notDeleted, _, _) = try await client.call("/beta/security/tiIndicators/\(id)", .delete, token: otherToken)
            #expect(notDeleted == .notFound)
            let tokenB = try await server.token(client, tenant: server.tenantB, app: server.adminB)
            let (otherTenant, _, _) = try await client.call("/beta/security/tiIndicators/\(id)", token: tokenB)
            #expect(otherTenant == .notFound)

            let (patched, _, _) = try await client.call("/beta/security/tiIndicators/\(id)", .patch, token: token,
                                                       body: #"{"severity":5,"tags":["apt"]}"#)
            #expect(patched == .noContent)
            let (_, reread, _) = try await client.call("/beta/security/tiIndicators/\(id)", token: token)
            #expect(reread["severity"] == .int(5))
            #expect(reread["tags"] == .array(["apt"]))
            #expect(reread["domainName"]?.stringValue == "Evil.Example")
            let (notEditable, notEditableError, _) = try await client.call("/beta/security/tiIndicators/\(id)", .patch,
                                                                          token: token, body: #"{"domainName":"x.example"}"#)
            #expect(notEditable == .badRequest)
            expectGraphError(notEditableError, code: "BadRequest", contains: "'domainName' cannot be updated")

            let (deleted, _, _) = try await client.call("/beta/security/tiIndicators/\(id)", .delete, token: token)
            #expect(deleted == .noContent)
            let (gone, _, _) = try await client.call("/beta/security/tiIndicators/\(id)", token: token)
            #expect(gone == .notFound)
            let (v1, _, _) = try await client.call("/v1.0/security/tiIndicators", token: token)
            #expect(v1 == .notFound)
        }
    }

    @Test("Bulk actions: per-item results, 206 when some fail, both action spellings, at most 100")
    func bulk() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let items = [Self.indicator(#""url":"http://evil.example/a""#, externalId: "e1"),
                         #"{"action":"alert"}"#,
                         Self.indicator(#""fileHashType":"sha256","fileHashValue":"\#(String(repeating: "a", count: 64))""#, externalId: "e2")]
            let (status, body, _) = try await client.call("/beta/security/tiIndicators/submitTiIndicators", .post, token: token,
                                                         body: #"{"value":[\#(items.joined(separator: ","))]}"#)
            #expect(status == .partialContent)
            let values = try #require(body["value"]?.arrayValue)
            #expect(values.count == 3)
            #expect(values[0]["id"]?.stringValue != nil)
            #expect(values[1]["Error"]?["code"]?.stringValue == "BadRequest")
            #expect(values[1]["@vigil.index"] == .int(1))
            #expect(values[2]["fileHashValue"]?.stringValue?.count == 64)
            let first = try #require(values[0]["id"]?.stringValue)

            let all = [Self.indicator(#""domainName":"b.example""#, externalId: "e3")]
            let (ok, _, _) = try await client.call("/beta/security/tiIndicators/microsoft.graph.submitTiIndicators", .post,
                                                   token: token, body: #"{"value":[\#(all.joined(separator: ","))]}"#)
            #expect(ok == .ok)
            let tooMany = Array(repeating: Self.indicator(#""domainName":"c.example""#), count: 101).joined(separator: ",")
            let (over, overError, _) = try await client.call("/beta/security/tiIndicators/submitTiIndicators", .post,
                                                             token: token, body: #"{"value":[\#(tooMany)]}"#)
            #expect(over == .badRequest)
            expectGraphError(overError, code: "BadRequest", contains: "At most 100")

            let update = #"{"value":[{"id":"\#(first)","expirationDateTime":"2099-02-01T00:00:00Z","targetProduct":"Azure Sentinel","severity":1},{"id":"missing","expirationDateTime":"2099-02-01T00:00:00Z","targetProduct":"Azure Sentinel"}]}"#
            let (updated, updateBody, _) = try await client.call("/beta/security/tiIndicators/updateTiIndicators", .post,
                                                                 token: token, body: update)
            #expect(updated == .partialContent)
            #expect(updateBody["value"]?.arrayValue?[0]["severity"] == .int(1))
            #expect(updateBody["value"]?.arrayValue?[1]["Error"]?["code"]?.stringValue == "ResourceNotFound")

            let (byExternal, externalBody, _) = try await client.call(
                "/beta/security/tiIndicators/deleteTiIndicatorsByExternalId", .post, token: token, body: #"{"value":["e2","nope"]}"#)
            #expect(byExternal == .partialContent)
            #expect(externalBody["value"]?.arrayValue?[0]["code"] == .int(200))
            #expect(externalBody["value"]?.arrayValue?[1]["code"] == .int(404))
            #expect(externalBody["value"]?.arrayValue?[1]["subcode"] == .int(0))

            let (byId, idBody, _) = try await client.call("/beta/security/tiIndicators/microsoft.graph.deleteTiIndicators",
                                                          .post, token: token, body: #"{"value":["\#(first)"]}"#)
            #expect(byId == .ok)
            #expect(idBody["value"]?.arrayValue?[0]["code"] == .int(200))
            let (_, left, _) = try await client.call("/beta/security/tiIndicators", token: token)
            #expect(left["value"]?.arrayValue?.compactMap { $0["externalId"]?.stringValue } == ["e3"])
        }
    }

    static let dnsEvent = #"{"timestamp":"2024-03-01T10:00:00.000000+0000","flow_id":1,"event_type":"dns","src_ip":"10.0.0.5","src_port":5353,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"type":"query","id":1,"rrname":"c2.Evil.example","rrtype":"A"}}"#
    static let flowEvent = #"{"timestamp":"2024-03-01T10:00:01.000000+0000","flow_id":2,"event_type":"flow","src_ip":"10.0.0.5","src_port":40000,"dest_ip":"203.0.113.77","dest_port":443,"proto":"TCP"}"#

    @Test("Events matching an alert indicator raise one alert per event; block indicators feed the blocklist")
    func matching() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let submit = #"{"value":[\#(Self.indicator(#""domainName":"evil.example""#, externalId: "d")),\#(Self.indicator(#""networkCidrBlock":"203.0.113.0/24""#, action: "block", externalId: "n")),\#(Self.indicator(#""domainName":"old.example""#, externalId: "o", expires: "2020-01-01T00:00:00Z"))]}"#
            let (submitted, _, _) = try await client.call("/beta/security/tiIndicators/submitTiIndicators", .post, token: token, body: submit)
            #expect(submitted == .ok)

            let lines = [Self.dnsEvent, Self.flowEvent, "{not json", #"{"event_type":"stats","timestamp":"2024-03-01T10:00:00+0000","stats":{}}"#]
            let (status, outcome, _) = try await client.call("/ingest/suricata", .post, token: token,
                                                            body: lines.joined(separator: "\n"), contentType: "application/x-ndjson")
            #expect(status == .ok)
            #expect(outcome["records"] == .int(4))
            #expect(outcome["events"] == .int(2))
            #expect(outcome["matches"] == .int(2))
            #expect(outcome["indicatorAlerts"] == .int(1))
            #expect(outcome["skipped"] == .int(1))
            #expect(outcome["malformed"] == .int(1))
            #expect(outcome["errors"]?.arrayValue?[0]["line"] == .int(3))

            // The same event again: the same alert, counted twice.
            _ = try await client.call("/ingest/suricata", .post, token: token, body: Self.dnsEvent)
            let filter = percentEncodeQueryComponent("vendorInformation/provider eq 'Vigil Threat Intelligence'")
            let (_, list, _) = try await client.call("/v1.0/security/alerts?$filter=\(filter)", token: token)
            let alerts = try #require(list["value"]?.arrayValue)
            #expect(alerts.count == 1)
            let alert = try #require(alerts.first)
            #expect(alert["title"]?.stringValue == "Threat indicator match: domainName c2.evil.example")
            #expect(alert["category"]?.stringValue == "C2")
            #expect(alert["severity"]?.stringValue == "medium")
            #expect(alert["@vigil.occurrenceCount"] == .int(2))
            #expect(alert["description"]?.stringValue?.contains("dns.rrname") == true)

            let (feed, text, headers) = try await client.call("/feeds/blocklist?type=ip", token: token)
            #expect(feed == .ok)
            #expect(text.stringValue == "203.0.113.0/24\n")
            #expect(headers[.contentType]?.hasPrefix("text/plain") == true)
            let (_, domains, _) = try await client.call("/feeds/blocklist?type=domain", token: token)
            #expect(domains == .null)  // an empty body: no blocked domains
            let (badType, _, _) = try await client.call("/feeds/blocklist?type=asn", token: token)
            #expect(badType == .badRequest)

            // Pushed Graph alerts are matched too.
            let pushed = sampleAlert("net-1", extra: #","networkConnections":[{"destinationAddress":"203.0.113.5"},{"destinationDomain":"www.evil.example"}]"#)
            let (_, pushedOutcome, _) = try await client.call("/ingest/alerts", .post, token: token, body: pushed)
            #expect(pushedOutcome["indicatorMatches"] == .int(2))
            #expect(pushedOutcome["indicatorAlerts"] == .int(1))

            let (_, statusBody, _) = try await client.call("/ingest/status", token: token)
            #expect(statusBody["sources"]?["suricata"]?["records"] == .int(5))
            #expect(statusBody["sources"]?["suricata"]?["malformed"] == .int(1))
            #expect(statusBody["sources"]?["suricata"]?["skippedTypes"]?["stats"] == .int(1))

            // Deactivating the indicator stops matching at once.
            let (_, owned, _) = try await client.call("/beta/security/tiIndicators?$filter=externalId%20eq%20'd'", token: token)
            let id = try #require(owned["value"]?.arrayValue?[0]["id"]?.stringValue)
            _ = try await client.call("/beta/security/tiIndicators/\(id)", .patch, token: token, body: #"{"isActive":false}"#)
            let (_, after, _) = try await client.call("/ingest/suricata", .post, token: token, body: Self.dnsEvent)
            #expect(after["matches"] == .int(0))
            // Generic events are taken now; a line that is not JSON is counted as malformed.
            let (events, eventsBody, _) = try await client.call("/ingest/events", .post, token: token, body: "x")
            #expect(events == .ok)
            #expect(eventsBody["malformed"] == .int(1))
        }
    }

    @Test("Expired indicators are purged after the retention; the generation moves so matchers rebuild")
    func retention() async throws {
        let server = try await TestServer.make()
        let repository = server.services.indicators
        let now = DateTimeOffset("2026-06-01T00:00:00Z")!
        func indicator(_ id: String, expires: String) -> TiIndicator {
            var t = TiIndicator()
            t.id = id
            t.action = TiAction(rawValue: "alert")
            t.domainName = "\(id).example"
            t.expirationDateTime = DateTimeOffset(expires)
            return t
        }
        try await repository.create(tenantId: server.tenantA, appId: "app", [
            indicator("old", expires: "2026-04-01T00:00:00Z"), indicator("recent", expires: "2026-05-20T00:00:00Z"),
            indicator("live", expires: "2026-12-01T00:00:00Z"),
        ], at: now)
        let before = try await repository.generation(tenantId: server.tenantA)
        let service = IndicatorRetentionService(repository: repository, retentionDays: 30, logger: quietLogger)
        #expect(try await service.purgeOnce(now: now) == 1)
        #expect(try await repository.owned(tenantId: server.tenantA, appId: "app").compactMap(\.id) == ["live", "recent"])
        #expect(try await repository.generation(tenantId: server.tenantA) == before + 1)
        // Only the live one matches.
        let active = try await repository.forEachActive(tenantId: server.tenantA, at: now, into: [String]()) { ids, t in
            ids.append(t.id ?? "")
        }
        #expect(active == ["live"])
    }

    static let bundle = #"{"type":"bundle","id":"bundle--1","objects":[{"type":"indicator","spec_version":"2.1","id":"indicator--a","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","name":"Bad infrastructure","pattern":"[ipv4-addr:value = '192.0.2.10'] OR [domain-name:value = 'stix.example']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"},{"type":"indicator","spec_version":"2.1","id":"indicator--b","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","name":"Registry","pattern":"[windows-registry-key:key = 'HKLM\\\\Software\\\\Bad']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}]}"#

    @Test("A STIX bundle imports as the caller's indicators, reports what it skipped, and matches at once")
    func importStix() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (status, body, _) = try await client.call("/ingest/indicators/stix?action=block", .post, token: token, body: Self.bundle)
            #expect(status == .ok, "\(body)")
            #expect(body["imported"] == .int(2))
            #expect(body["skipped"] == .int(1))
            #expect(body["skippedItems"]?.arrayValue?[0]["reference"]?.stringValue?.hasPrefix("indicator--b") == true)
            let (_, list, _) = try await client.call("/beta/security/tiIndicators?$orderby=externalId", token: token)
            let values = try #require(list["value"]?.arrayValue)
            #expect(values.compactMap { $0["action"]?.stringValue } == ["block", "block"])
            #expect(Set(values.compactMap { $0["externalId"]?.stringValue }) == ["indicator--a#1", "indicator--a#2"])
            let (_, feed, _) = try await client.call("/feeds/blocklist?type=domain", token: token)
            #expect(feed.stringValue == "stix.example\n")
            let (bad, error, _) = try await client.call("/ingest/indicators/misp", .post, token: token, body: #"{"nothing":1}"#)
            #expect(bad == .badRequest)
            expectGraphError(error, code: "BadRequest")
        }
    }

    @Test("CEF and Wazuh lines become alerts, matched against indicators like every alert")
    func cefAndWazuh() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            _ = try await client.call("/beta/security/tiIndicators", .post, token: token,
                                      body: Self.indicator(#""networkIPv4":"198.51.100.23""#))
            let cef = #"<134>Mar  1 10:00:00 fw01 CEF:0|Acme|Firewall|2.1|100|Blocked connection|7|src=198.51.100.23 dst=10.0.0.8 spt=4444 dpt=22 proto=TCP rt=1709287200000 act=blocked"#
            let (status, outcome, _) = try await client.call("/ingest/cef", .post, token: token, body: cef + "\nnot cef at all")
            #expect(status == .ok)
            #expect(outcome["alerts"] == .int(1))
            #expect(outcome["malformed"] == .int(1))
            #expect(outcome["indicatorAlerts"] == .int(1))
            #expect(outcome["errors"]?.arrayValue?.first?["line"] == .int(2))

            let wazuh = #"{"timestamp":"2024-03-01T10:00:00.000+0000","rule":{"level":10,"description":"sshd: brute force trying to get access to the system.","id":"5712","groups":["syslog","sshd","authentication_failures"]},"agent":{"id":"001","name":"web-01","ip":"10.0.0.12"},"manager":{"name":"wazuh-manager"},"id":"1709287200.1234","full_log":"Mar  1 10:00:00 web-01 sshd[1]: Failed password for root from 198.51.100.23 port 4444 ssh2","decoder":{"name":"sshd"},"data":{"srcip":"198.51.100.23","srcport":"4444","dstuser":"root"},"location":"/var/log/auth.log"}"#
            let (wazuhStatus, wazuhOutcome, _) = try await client.call("/ingest/wazuh", .post, token: token, body: wazuh)
            #expect(wazuhStatus == .ok)
            #expect(wazuhOutcome["alerts"] == .int(1))
            #expect(wazuhOutcome["indicatorAlerts"] == .int(1))
            let (_, alert, _) = try await client.call("/v1.0/security/alerts/wazuh-1709287200.1234", token: token)
            #expect(alert["severity"]?.stringValue == "medium")
            #expect(alert["vendorInformation"]?["vendor"]?.stringValue == "Wazuh")
        }
    }
}
