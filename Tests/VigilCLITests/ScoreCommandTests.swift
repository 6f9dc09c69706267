import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `vigil score compute` and `vigil score` as a user runs them: two snapshots on two days, with threat
/// indicators imported between them, show the indicator control's move and the score delta.
@Suite("vigil score")
struct ScoreCommandTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not one JSON object: \(text)")
    }

    @Test("Two snapshots a day apart show what changed; errors go to stderr with a non-zero exit")
    func computeAndShowDelta() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-score-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dataDir = dir.appendingPathComponent("data").path
        let tenant = try Self.object(try FilterCommandTests.run(["tenants", "create", "acme", "--data-dir", dataDir]).stdout)
        let tenantId = try #require(tenant["tenantId"] as? String)

        let none = try FilterCommandTests.run(["score", "--data-dir", dataDir])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no snapshot yet"))

        let yesterday = Date().addingTimeInterval(-86_400)
        let at = ISO8601DateFormatter().string(from: yesterday)
        let first = try FilterCommandTests.run(["score", "compute", "--tenant", tenantId, "--at", at, "--data-dir", dataDir])
        #expect(first.status == 0, "\(first.stderr)")
        let firstSnapshot = try #require((try Self.object(first.stdout)["snapshots"] as? [[String: Any]])?.first)
        // Without indicators, providers, subscriptions or exporters: only the alert control counts (30 of 50).
        #expect(firstSnapshot["currentScore"] as? Double == 30)
        #expect(firstSnapshot["maxScore"] as? Double == 50)

        let bundle = dir.appendingPathComponent("bundle.json")
        try #"{"type":"bundle","id":"bundle--1","objects":[{"type":"indicator","spec_version":"2.1","id":"indicator--c","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","name":"C2","pattern":"[ipv4-addr:value = '203.0.113.7']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}]}"#
            .write(to: bundle, atomically: true, encoding: .utf8)
        let imported = try FilterCommandTests.run(["indicators", "import", bundle.path, "--tenant", tenantId, "--client-id", "feed",
                                                   "--data-dir", dataDir])
        #expect(imported.status == 0, "\(imported.stderr)")

        let second = try FilterCommandTests.run(["score", "compute", "--data-dir", dataDir])
        #expect(second.status == 0, "\(second.stderr)")
        let secondSnapshot = try #require((try Self.object(second.stdout)["snapshots"] as? [[String: Any]])?.first)
        #expect(secondSnapshot["currentScore"] as? Double == 50)

        let shown = try FilterCommandTests.run(["score", "--tenant", tenantId, "--data-dir", dataDir])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.split(separator: "\n").count == 1)
        let report = try Self.object(shown.stdout)
        #expect(report["tenantId"] as? String == tenantId)
        let delta = try #require(report["delta"] as? [String: Any])
        #expect(delta["currentScore"] as? Double == 20)
        #expect(delta["maxScore"] as? Double == 0)
        let changes = try #require(report["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["controlName"] as? String == "VigilIndicatorFeedsFresh")
        #expect(changes.first?["before"] as? Double == 0)
        #expect(changes.first?["after"] as? Double == 20)
        #expect(changes.first?["delta"] as? Double == 20)
        let latest = try #require(report["latest"] as? [String: Any])
        let previous = try #require(report["previous"] as? [String: Any])
        #expect((latest["id"] as? String)?.hasPrefix(tenantId + "_") == true)
        #expect(previous["id"] as? String == "\(tenantId)_\(String(at.prefix(10)))")
        #expect(previous["currentScore"] as? Double == 30)
        #expect((report["controlScores"] as? [[String: Any]])?.count == 5)

        let unknown = try FilterCommandTests.run(["score", "--tenant", "nope", "--data-dir", dataDir])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("there is no tenant 'nope'"))
        let badTime = try FilterCommandTests.run(["score", "compute", "--at", "yesterday", "--data-dir", dataDir])
        #expect(badTime.status == 2)
        #expect(badTime.stderr.contains("--at 'yesterday'"))
        _ = try FilterCommandTests.run(["tenants", "create", "globex", "--data-dir", dataDir])
        let ambiguous = try FilterCommandTests.run(["score", "--data-dir", dataDir])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("pass --tenant"))
    }

    @Test("vigil serve takes today's snapshot at start, serves it, and stops promptly on SIGTERM")
    func serveTakesTheDailySnapshot() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-score-serve-\(UUID().uuidString)").path
        let server = try ServeCommandTests.Server(dataDir: dataDir)
        let creds = try await server.credentials()
        try await server.waitUntilHealthy()
        let token = try await server.token(creds)
        var scores: [[String: Any]] = []
        for _ in 0..<100 {
            let (data, status) = try await server.request("GET", "/v1.0/security/secureScores", token: token)
            #expect(status == 200)
            scores = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["value"] as? [[String: Any]] ?? []
            if !scores.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let tenantId = try #require(creds["tenantId"])
        #expect(scores.count == 1)
        #expect((scores.first?["id"] as? String)?.hasPrefix(tenantId + "_") == true)
        #expect(scores.first?["maxScore"] as? Double == 50)

        let started = Date()
        server.process.terminate()  // SIGTERM
        while server.process.isRunning, Date().timeIntervalSince(started) < 20 { try await Task.sleep(for: .milliseconds(50)) }
        let stopped = !server.process.isRunning
        if !stopped { kill(server.process.processIdentifier, SIGKILL) }
        // The Service's next run is hours away (after midnight): stopping within 20 s means it did not wait for it.
        try #require(stopped, "vigil serve did not stop within 20 s of SIGTERM")
        #expect(server.process.terminationStatus == 0)
    }
}
