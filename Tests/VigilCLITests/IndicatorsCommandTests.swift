import Foundation
import Testing

/// `vigil indicators import` as a user runs it.
@Suite("vigil indicators")
struct IndicatorsCommandTests {
    @Test("Imports a STIX file into a tenant with a progress bar; refuses an unknown tenant")
    func importFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-indicators-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dataDir = dir.appendingPathComponent("data").path
        let file = dir.appendingPathComponent("bundle.json")
        try #"{"type":"bundle","id":"bundle--1","objects":[{"type":"indicator","spec_version":"2.1","id":"indicator--c","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","name":"C2","pattern":"[url:value = 'http://c2.example/x'] OR [file:hashes.'SHA-256' = '\#(String(repeating: "ab", count: 32))']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let tenant = try FilterCommandTests.run(["tenants", "create", "acme", "--data-dir", dataDir])
        let tenantId = try #require((try JSONSerialization.jsonObject(with: Data(tenant.stdout.utf8)) as? [String: Any])?["tenantId"] as? String)

        let result = try FilterCommandTests.run(["indicators", "import", file.path, "--tenant", tenantId, "--client-id", "feed-app",
                                                 "--data-dir", dataDir])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(report?["imported"] as? Int == 2)
        #expect(report?["skipped"] as? Int == 0)
        #expect(result.stderr.contains("2/2"))

        let unknown = try FilterCommandTests.run(["indicators", "import", file.path, "--tenant", "nope", "--client-id", "x",
                                                  "--data-dir", dataDir])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("there is no tenant 'nope'"))
    }
}
