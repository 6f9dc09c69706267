import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
@testable import VigilServer
@testable import VigilEngine

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
            let process = powershell["processes"]?.arrayValue?.first
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
            #expect(statusBody["sigma"]?["regexICU"] == .int(0))
            #expect(statusBody["sigma"]?["regexEvaluationsCapped"] == .int(0))
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

    static func rule(id: String, marker: String) -> String {
        "title: Marker \(marker)\nid: \(id)\nlogsource:\n    product: test\ndetection:\n    sel:\n        Marker: \(marker)\n    condition: sel\nlevel: low\n"
    }

    @Test("The engine recompiles when a rule file is added, changed or removed, and only then")
    func reload() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sigma-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }  // scratch folder of this test only
        let first = directory.appendingPathComponent("a.yml"), second = directory.appendingPathComponent("sub/b.yaml")
        try Self.rule(id: "r-a", marker: "one").write(to: first, atomically: true, encoding: .utf8)
        let engine = SigmaEngine(directories: [directory.path])
        #expect(try engine.reloadIfChanged()?.rules.map(\.id) == ["r-a"])
        #expect(try engine.reloadIfChanged() == nil)

        try FileManager.default.createDirectory(at: second.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.rule(id: "r-b", marker: "two").write(to: second, atomically: true, encoding: .utf8)
        #expect(try engine.reloadIfChanged()?.rules.map(\.id) == ["r-a", "r-b"])

        try (Self.rule(id: "r-a", marker: "three") + "# changed\n").write(to: first, atomically: true, encoding: .utf8)
        let changed = try #require(try engine.reloadIfChanged())
        #expect(changed.rules.first?.title == "Marker three")

        try "title: [broken".write(to: first, atomically: true, encoding: .utf8)
        let broken = try #require(try engine.reloadIfChanged())
        #expect(broken.rules.map(\.id) == ["r-b"])
        #expect(broken.skipped.map(\.error.kind) == [.invalidYAML])
        #expect(engine.status["skipReasons"]?["invalid YAML"] == .int(1))

        try FileManager.default.removeItem(at: second)
        #expect(try engine.reloadIfChanged()?.rules.isEmpty == true)

        try FileManager.default.removeItem(at: directory)
        #expect(throws: VigilError.self) { try engine.reloadIfChanged() }
        #expect(engine.ruleSet?.skipped.count == 1, "the rules in use stay")
        #expect(engine.status["lastError"]?.stringValue?.contains("Cannot read the Sigma rule directory") == true)
    }

    @Test("The configuration file's sigma key is read and checked")
    func configurationKey() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sigma-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }  // scratch file of this test only
        try "sigma:\n  rules: [/a, /b]\n  reloadSeconds: 0.5\n".write(to: file, atomically: true, encoding: .utf8)
        let configuration = try VigilConfiguration.load(yamlFile: file.path)
        #expect(configuration.sigma.rules == ["/a", "/b"])
        #expect(configuration.sigma.reloadSeconds == 0.5)
        try "sigma:\n  rule: [/a]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try VigilConfiguration.load(yamlFile: file.path)
        } throws: { ($0 as? VigilError)?.message.contains("Unknown key(s) in sigma") == true }
        try "sigma:\n  reloadSeconds: 0\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: VigilError.self) { try VigilConfiguration.load(yamlFile: file.path) }
    }
}
