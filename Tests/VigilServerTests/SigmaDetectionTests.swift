import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
@testable import VigilServer

/// `POST /ingest/events` through the Sigma engine: matches become Graph alerts, once per rule and event.
@Suite("Sigma detections in the pipeline")
struct SigmaDetectionTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("VigilDetectionTests/Fixtures")

    static func fixture(_ name: String) throws -> String {
        let data = try #require(FileManager.default.contents(atPath: fixtures.appendingPathComponent(name).path))
        return String(decoding: data, as: UTF8.self)
    }

    static func sigmaAlerts(_ client: some TestClientProtocol, token: String) async throws -> [JSONValue] {
        let filter = percentEncodeQueryComponent("vendorInformation/provider eq 'Vigil Detections'")
        let (status, list, _) = try await client.call("/v1.0/security/alerts?$filter=\(filter)&$orderby=title", token: token)
        #expect(status == .ok)
        return list["value"]?.arrayValue ?? []
    }

    @Test("Windows events raise alerts with the rule's details and the event's entities; re-sent events raise none")
    func windowsEvents() async throws {
        let rules = Self.fixtures.appendingPathComponent("rules").path
        let server = try await TestServer.make { $0.sigma.rules = [rules] }
        let body = try Self.fixture("events/windows.json")
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (status, outcome, _) = try await client.call("/ingest/events", .post, token: token, body: body)
            #expect(status == .ok)
            #expect(outcome["records"] == .int(3))
            #expect(outcome["events"] == .int(3))
            #expect(outcome["sigmaAlerts"] == .int(2))
            #expect(outcome["malformed"] == .int(0))

            let alerts = try await Self.sigmaAlerts(client, token: token)
            #expect(alerts.map { $0["title"]?.stringValue } == ["Failed Logon Of The Administrator Account", "PowerShell With An Encoded Command"])
            let logon = alerts[0], powershell = alerts[1]
            #expect(powershell["severity"]?.stringValue == "high")
            #expect(powershell["status"]?.stringValue == "newAlert")
            #expect(powershell["category"]?.stringValue == "Execution")
            #expect(powershell["vendorInformation"]?["vendor"]?.stringValue == "Sigma")
            #expect(powershell["vendorInformation"]?["provider"]?.stringValue == "Vigil Detections")
            #expect(powershell["detectionIds"] == ["7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e01"])
            #expect(powershell["tags"] == ["sigma", "T1059.001", "attack.execution"])
            #expect(powershell["eventDateTime"]?.stringValue?.hasPrefix("2026-03-02T09:00:00") == true)
            #expect(powershell["description"]?.stringValue?.contains("False positives: Management software") == true)
            #expect(powershell["hostStates"]?.arrayValue?.first?["fqdn"]?.stringValue == "WS-0042.corp.example")
            #expect(powershell["hostStates"]?.arrayValue?.first?["netBiosName"]?.stringValue == "WS-0042")
            #expect(powershell["userStates"]?.arrayValue?.first?["accountName"]?.stringValue == "alice")
            #expect(powershell["userStates"]?.arrayValue?.first?["domainName"]?.stringValue == "CORP")
            let process = powershell["processes"]?[0]
            #expect(process?["path"]?.stringValue == #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#)
            #expect(process?["name"]?.stringValue == "powershell.exe")
            #expect(process?["commandLine"]?.stringValue == "powershell.exe -NoProfile /enc SQBFAFgA")
            #expect(process?["parentProcessName"]?.stringValue == "cmd.exe")
            #expect(process?["processId"] == .int(4242))
            #expect(process?["parentProcessId"] == .int(4100))
            #expect(process?["integrityLevel"]?.stringValue == "medium")
            #expect(process?["fileHash"]?["hashType"]?.stringValue == "sha256")
            let sources = powershell["sourceMaterials"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(sources.first == "events:windows:1:WS-0042.corp.example|Microsoft-Windows-Sysmon/Operational|5001")
            #expect(sources.contains("https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_pwsh"))
            #expect(logon["severity"]?.stringValue == "medium")
            #expect(logon["category"]?.stringValue == "CredentialAccess")
            #expect(logon["hostStates"]?.arrayValue?.first?["fqdn"]?.stringValue == "DC-01.corp.example")
            #expect(logon["userStates"]?.arrayValue?.first?["accountName"]?.stringValue == "Administrator")
            #expect(logon["networkConnections"]?.arrayValue?.first?["sourceAddress"]?.stringValue == "203.0.113.9")

            // The same events again: the same two alerts, each seen twice.
            let (_, again, _) = try await client.call("/ingest/events", .post, token: token, body: body)
            #expect(again["sigmaAlerts"] == .int(2))
            let after = try await Self.sigmaAlerts(client, token: token)
            #expect(after.count == 2)
            #expect(after.map { $0["id"] } == alerts.map { $0["id"] })
            #expect(after.allSatisfy { $0["@vigil.occurrenceCount"] == .int(2) })

            let (_, statusBody, _) = try await client.call("/ingest/status", token: token)
            #expect(statusBody["sources"]?["events"]?["records"] == .int(6))
            #expect(statusBody["sources"]?["events"]?["sigmaAlerts"] == .int(4))
            #expect(statusBody["sigma"]?["rules"] == .int(4))
            #expect(statusBody["sigma"]?["skipped"] == .int(0))
        }
    }

    @Test("Other events need a log source hint; events are still matched against indicators")
    func hintsAndIndicators() async throws {
        let rules = Self.fixtures.appendingPathComponent("rules").path
        let server = try await TestServer.make { $0.sigma.rules = [rules] }
        let auditd = try Self.fixture("events/auditd.ndjson")
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (_, unhinted, _) = try await client.call("/ingest/events", .post, token: token, body: auditd,
                                                          contentType: "application/x-ndjson")
            #expect(unhinted["events"] == .int(2))
            #expect(unhinted["sigmaAlerts"] == .int(0))
            let (_, hinted, _) = try await client.call("/ingest/events?product=linux&service=auditd", .post, token: token,
                                                        body: auditd, contentType: "application/x-ndjson")
            #expect(hinted["sigmaAlerts"] == .int(1))
            let web = #"{"value":[{"logsource":{"category":"webserver"},"c-ip":"198.51.100.7","cs-uri-stem":"/upload/a.aspx","cs-uri-query":"cmd=whoami"},{"logsource":{"category":"webserver"},"cs-uri-query":"page=2"}]}"#
            let (_, webOutcome, _) = try await client.call("/ingest/events", .post, token: token, body: web)
            #expect(webOutcome["events"] == .int(2))
            #expect(webOutcome["sigmaAlerts"] == .int(1))
            let alerts = try await Self.sigmaAlerts(client, token: token)
            #expect(alerts.map { $0["title"]?.stringValue } == ["Download Into /tmp With wget", "Web Shell Command Parameter"])
            #expect(alerts.map { $0["severity"]?.stringValue } == ["low", "high"])  // critical is high in the legacy schema

            let indicator = IndicatorsApiTests.indicator(#""networkIPv4":"203.0.113.9""#, externalId: "ip")
            let (submitted, _, _) = try await client.call("/beta/security/tiIndicators/submitTiIndicators", .post, token: token,
                                                         body: #"{"value":[\#(indicator)]}"#)
            #expect(submitted == .ok)
            let (_, matched, _) = try await client.call("/ingest/events", .post, token: token, body: try Self.fixture("events/windows.json"))
            #expect(matched["matches"] == .int(1))
            #expect(matched["indicatorAlerts"] == .int(1))
            #expect(matched["sigmaAlerts"] == .int(2))
        }
    }

    @Test("Without rules the pipeline raises no Sigma alert; a rule directory that cannot be read stops the start")
    func configuration() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let (_, outcome, _) = try await client.call("/ingest/events", .post, token: token, body: try Self.fixture("events/windows.json"))
            #expect(outcome["events"] == .int(3))
            #expect(outcome["sigmaAlerts"] == .int(0))
        }
        await #expect(throws: VigilError.self) {
            _ = try await TestServer.make { $0.sigma.rules = ["/nonexistent/sigma-rules"] }
        }
    }
}
