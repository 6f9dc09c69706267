import Foundation
import Testing

/// `vigil providers list|test` against a configuration file, as a user runs them.
@Suite("vigil providers")
struct ProvidersCommandTests {
    static func configFile(_ body: String) throws -> (config: String, dataDir: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-providers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("vigil.yaml")
        try body.write(to: config, atomically: true, encoding: .utf8)
        return (config.path, dir.appendingPathComponent("data").path)
    }

    @Test("list shows configured providers; test reports an unreachable one and exits 1")
    func listAndTest() throws {
        let (config, dataDir) = try Self.configFile("""
            providers:
              - name: closed-port
                tenant: "t-1"
                vendor: Contoso
                provider: Defender
                url: http://127.0.0.1:1/v1.0
                timeoutSeconds: 3
            """)
        let list = try FilterCommandTests.run(["providers", "list", "--config", config, "--data-dir", dataDir])
        #expect(list.status == 0, "\(list.stderr)")
        let entry = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        #expect(entry?["name"] as? String == "closed-port")
        #expect(entry?["vendor"] as? String == "Contoso")
        #expect(entry?["enabled"] as? Bool == true)
        #expect(entry?["health"] is NSNull)

        let test = try FilterCommandTests.run(["providers", "test", "closed-port", "--config", config, "--data-dir", dataDir])
        #expect(test.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(test.stdout.utf8)) as? [String: Any]
        #expect(report?["ok"] as? Bool == false)
        // Refused connections are retried by the HTTP client until the deadline: unreachable (503) or
        // timed out (504), depending on which comes first on a busy machine.
        #expect([503, 504].contains(report?["status"] as? Int ?? 0), "\(test.stdout)")
        #expect((report?["error"] as? String)?.isEmpty == false)

        let unknown = try FilterCommandTests.run(["providers", "test", "nope", "--config", config, "--data-dir", dataDir])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no provider named 'nope' (known: closed-port)"))
    }

    @Test("A typo in a provider entry is an error naming the key")
    func unknownKey() throws {
        let (config, dataDir) = try Self.configFile("""
            providers:
              - name: p
                tenant: "t-1"
                vendor: V
                provider: P
                url: http://127.0.0.1:1/v1.0
                timeoutSecond: 3
            """)
        let result = try FilterCommandTests.run(["providers", "list", "--config", config, "--data-dir", dataDir])
        #expect(result.status != 0)
        #expect(result.stderr.contains("timeoutSecond"), "\(result.stderr)")
    }
}
