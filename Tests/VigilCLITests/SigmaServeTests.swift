import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `vigil serve` with `sigma.rules` in its configuration: rules raise alerts, and a rule file added while
/// the server runs is picked up by the reload service.
@Suite("vigil serve with Sigma rules", .serialized)
struct SigmaServeTests {
    static func rule(id: String, marker: String) -> String {
        "title: Marker \(marker)\nid: \(id)\nlogsource:\n    product: test\ndetection:\n    sel:\n        Marker: \(marker)\n    condition: sel\nlevel: high\n"
    }

    @Test func rulesAreLoadedAndReloadedWhileServing() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sigma-serve-\(UUID().uuidString)")
        let rules = root.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }  // this test's scratch folder
        try Self.rule(id: "m-1", marker: "first").write(to: rules.appendingPathComponent("first.yml"), atomically: true, encoding: .utf8)
        let config = root.appendingPathComponent("vigil.yaml")
        try "sigma:\n  rules: [\(rules.path)]\n  reloadSeconds: 0.2\n".write(to: config, atomically: true, encoding: .utf8)

        let server = try ServeCommandTests.Server(dataDir: root.appendingPathComponent("data").path,
                                                  extraArguments: ["--config", config.path])
        defer {
            server.process.terminate()
            server.process.waitUntilExit()
        }
        let creds = try await server.credentials()
        try await server.waitUntilHealthy()
        let token = try await server.token(creds)

        func send(_ marker: String) async throws -> [String: Any] {
            let body = #"{"logsource":{"product":"test"},"Marker":"\#(marker)"}"#
            let (data, status) = try await server.request("POST", "/ingest/events", body: body, token: token,
                                                          contentType: "application/x-ndjson")
            #expect(status == 200)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        #expect(try await send("first")["sigmaAlerts"] as? Int == 1)
        #expect(try await send("second")["sigmaAlerts"] as? Int == 0)

        try Self.rule(id: "m-2", marker: "second").write(to: rules.appendingPathComponent("second.yml"), atomically: true, encoding: .utf8)
        var raised = 0
        for _ in 0..<100 where raised == 0 {
            try await Task.sleep(for: .milliseconds(100))
            raised = try await send("second")["sigmaAlerts"] as? Int ?? 0
        }
        #expect(raised == 1, "the new rule is used within seconds")
        let (data, _) = try await server.request("GET", "/ingest/status", token: token)
        let status = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((status["sigma"] as? [String: Any])?["rules"] as? Int == 2)
    }
}
