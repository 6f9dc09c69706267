import Foundation
import Testing

/// `vigil status`: a background failure of a running server is saved and shown by another process.
@Suite("vigil status")
struct StatusCommandTests {
    @Test func aSourceThatCannotBeReadShows() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-status-\(UUID().uuidString)")
        // A directory where a log file should be: every read fails.
        let notAFile = root.appendingPathComponent("eve.json")
        try FileManager.default.createDirectory(at: notAFile, withIntermediateDirectories: true)
        let dataDir = root.appendingPathComponent("data").path
        let before = try FilterCommandTests.run(["status", "--data-dir", dataDir])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.isEmpty)

        let tenant = try FilterCommandTests.run(["tenants", "create", "acme", "--data-dir", dataDir])
        let tenantId = try #require((try JSONSerialization.jsonObject(with: Data(tenant.stdout.utf8)) as? [String: String])?["tenantId"])
        let config = root.appendingPathComponent("vigil.yaml")
        try "sources:\n  - name: eve\n    format: suricata\n    path: \(notAFile.path)\n    tenant: \(tenantId)\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let server = try ServeCommandTests.Server(dataDir: dataDir, extraArguments: ["--config", config.path])
        defer { ReplicaTests.stop(server) }
        try await server.waitUntilHealthy()

        var line: [String: Any]?
        for _ in 0..<100 where line == nil {
            try await Task.sleep(for: .milliseconds(100))
            let status = try FilterCommandTests.run(["status", "--data-dir", dataDir])
            line = status.stdout.split(separator: "\n")
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .first { $0["component"] as? String == "tail:eve" }
            if line != nil { #expect(status.status == 1) }
        }
        let failing = try #require(line)
        #expect(failing["state"] as? String == "failing")
        #expect((failing["lastError"] as? String)?.contains(notAFile.path) == true, "\(failing)")
        #expect((failing["consecutiveFailures"] as? Int ?? 0) >= 1)
        // The running server shows it too.
        let (health, _) = try await server.request("GET", "/health")
        let components = (try JSONSerialization.jsonObject(with: health) as? [String: Any])?["components"] as? [String: Any]
        #expect((components?["tail:eve"] as? [String: Any])?["state"] as? String == "failing")
    }
}
