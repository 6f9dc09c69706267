import Foundation
import HummingbirdTesting
import Logging
import Testing
import VigilCore
import VigilNotifications
import VigilStorage
@testable import VigilServer
@testable import VigilEngine

@Suite("Exporters: configuration file and GET /exporters")
struct ExportersApiTests {
    static func load(_ yaml: String) throws -> VigilConfiguration {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }  // test scratch; a leftover file is harmless
        return try VigilConfiguration.load(yamlFile: path)
    }

    static func loadError(_ yaml: String) -> String? {
        do {
            _ = try load(yaml)
            return nil
        } catch let error as VigilError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("The README's example loads: every type, defaults, the token kept as a secret")
    func yaml() throws {
        let configuration = try Self.load("""
            exporters:
              - name: soc-splunk
                tenant: "t-1"
                type: splunk
                filter: "severity eq 'high'"
                url: https://splunk.example:8088
                token: "${SPLUNK_HEC_TOKEN}"
                batchSize: 100
              - name: siem-syslog
                type: syslog
                transport: tcp
                host: 10.0.0.5
                port: 6514
                format: cef
                facility: 16
              - name: archive
                type: file
                path: /var/log/vigil/alerts.jsonl
                maxBytes: 104857600
                maxFiles: 5
            """)
        #expect(configuration.exporters.map(\.name) == ["soc-splunk", "siem-syslog", "archive"])
        #expect(configuration.exporters.map(\.kind) == ["splunk", "syslog", "file"])
        #expect(configuration.exporters[0].tenant == "t-1")
        #expect(configuration.exporters[0].token?.revealed == "${SPLUNK_HEC_TOKEN}")
        #expect(configuration.exporters[1].resolvedFacility == 16)
        #expect(configuration.exporters[1].destination == "tcp://10.0.0.5:6514 (cef)")
        #expect(configuration.exporters[2].maxFiles == 5)
    }

    @Test("Invalid exporters fail the load with the exporter and key named", arguments: [
        ("exporters:\n  - {name: x, type: kafka}", "Exporter 'x': 'type' must be one of syslog, splunk, file, not 'kafka'."),
        ("exporters:\n  - {name: s, type: splunk, token: t}", "Exporter 's': 'url' is required for type splunk."),
        ("exporters:\n  - {name: f, type: file, path: /a, colour: red}", "Unknown key(s) in exporters[0] ('f') of"),
        ("exporters:\n  - {name: f, type: file, path: /a, filter: \"nope eq 1\"}", "Exporter 'f': 'filter' is not a valid $filter"),
        ("exporters:\n  - {name: d, type: file, path: /a}\n  - {name: d, type: file, path: /b}", "Two exporters are named 'd'"),
    ])
    func invalid(_ yaml: String, _ expected: String) {
        let message = Self.loadError(yaml)
        #expect(message?.contains(expected) == true, "\(message ?? "loaded")")
    }

    @Test("GET /exporters: admins see their tenant's and the global exporters with health; readers are refused")
    func health() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-exp-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }  // test scratch; a leftover folder is harmless
        let server = try await TestServer.make { configuration in
            var all = ExporterConfiguration(name: "all-archive", kind: "file")
            all.path = folder + "/all.jsonl"
            all.pollSeconds = 0.2
            var secret = ExporterConfiguration(name: "splunk-b", kind: "splunk")
            secret.url = "http://127.0.0.1:9"
            secret.token = Secret("super-secret-token")
            secret.tenant = "some-other-tenant"
            configuration.exporters = [all, secret]
        }
        let tenantA = server.tenantA
        var logger = Logger(label: "exporters-test")
        logger.logLevel = .critical
        let exporters = try server.services.exporterServices(logger: logger)
        #expect(exporters.count == 2)
        let archive = try #require(exporters.first { $0.configuration.name == "all-archive" })
        _ = try await server.services.alerts.ingest(tenantId: tenantA, alerts: [Alert(jsonObject: try #require(try JSONParser.parse(Array(sampleAlert("e-1").utf8)).objectValue))],
                                                    at: .now())
        let task = Task { try await archive.run() }
        defer { task.cancel() }
        var exported: Int64 = 0
        for _ in 0..<500 where exported < 1 {
            exported = try await server.services.exporterStatuses().first { $0.name == "all-archive" }?.state.exported ?? 0
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(exported == 1)
        try await server.app.test(.router) { client in
            let admin = try await server.token(client, tenant: tenantA, app: server.adminA)
            let (status, body, _) = try await client.call("/exporters", token: admin)
            #expect(status == .ok)
            let value = try #require(body["value"]?.arrayValue)
            #expect(value.count == 1)  // splunk-b follows another tenant
            let entry = try #require(value.first)
            #expect(entry["name"]?.stringValue == "all-archive")
            #expect(entry["type"]?.stringValue == "file")
            #expect(entry["destination"]?.stringValue == folder + "/all.jsonl")
            #expect(entry["cursor"] == .int(1))
            #expect(entry["lag"] == .int(0))
            #expect(entry["exported"] == .int(1))
            #expect(entry["lastSuccessAt"]?.stringValue != nil)
            #expect(entry["lastError"] == .null)
            #expect(entry["tenant"] == .null)

            // An admin of another tenant sees neither the other tenant's exporter nor the one that follows
            // every tenant (its counts include tenant A's alerts): only the operator's tenant (A, the oldest) does.
            let adminB = try await server.token(client, tenant: server.tenantB, app: server.adminB)
            let (seenByB, listB, _) = try await client.call("/exporters", token: adminB)
            #expect(seenByB == .ok)
            #expect(listB["value"]?.arrayValue?.isEmpty == true)

            let reader = try await server.token(client, tenant: tenantA, app: server.readerA)
            let (refused, error, _) = try await client.call("/exporters", token: reader)
            #expect(refused == .forbidden)
            expectGraphError(error, code: "Forbidden", contains: "Vigil.Admin")
            let (unauthenticated, _, _) = try await client.call("/exporters", token: nil)
            #expect(unauthenticated == .unauthorized)
            let (wrongMethod, _, _) = try await client.call("/exporters", .post, token: admin, body: "{}")
            #expect(wrongMethod == .methodNotAllowed)
        }
        let everything = try await server.services.exporterStatuses()
        #expect(everything.map(\.name) == ["all-archive", "splunk-b"])
        #expect(!everything.map { "\($0.json)" }.joined().contains("super-secret-token"))
    }
}
