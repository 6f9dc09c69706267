import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `vigil serve` as a real process on loopback: first start, tokens, ingestion, `kill -9`, restart.
@Suite("vigil serve", .serialized)
struct ServeCommandTests {
    final class Server {
        let process = Process()
        let output = Pipe()
        let port = Int.random(in: 20_000...40_000)
        var base: String { "http://127.0.0.1:\(port)" }

        init(dataDir: String) throws {
            process.executableURL = FilterCommandTests.binary
            process.arguments = ["serve", "--data-dir", dataDir, "--port", String(port)]
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func waitUntilHealthy() async throws {
            for _ in 0..<200 {
                if let (_, status) = try? await request("GET", "/health"), status == 200 { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("the server did not become healthy")
        }

        func request(_ method: String, _ path: String, body: String? = nil, token: String? = nil,
                     contentType: String = "application/json") async throws -> (Data, Int) {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            if let body { request.httpBody = Data(body.utf8); request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            let (data, response) = try await URLSession.shared.data(for: request)
            return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
        }

        /// The first-start credentials line.
        func credentials() throws -> [String: String] {
            var collected = Data()
            let handle = output.fileHandleForReading
            while !(String(decoding: collected, as: UTF8.self).contains("clientSecret")) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
            }
            let line = try #require(String(decoding: collected, as: UTF8.self).split(separator: "\n")
                .first { $0.contains("clientSecret") })
            return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        }

        func token(_ creds: [String: String]) async throws -> String {
            let form = "grant_type=client_credentials&client_id=\(creds["clientId"]!)&client_secret=\(creds["clientSecret"]!)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
            let (data, status) = try await request("POST", "/\(creds["tenantId"]!)/oauth2/v2.0/token", body: form,
                                                   contentType: "application/x-www-form-urlencoded")
            #expect(status == 200)
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return try #require(json?["access_token"] as? String)
        }
    }

    static func alertLine(_ id: Int) -> String {
        #"{"id":"k-\#(id)","title":"t","severity":"high","status":"newAlert","vendorInformation":{"provider":"P","vendor":"V"}}"#
    }

    @Test func acknowledgedAlertsSurviveKillNineAndSIGTERMStopsCleanly() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-serve-\(UUID().uuidString)").path
        let first = try Server(dataDir: dataDir)
        let creds = try first.credentials()
        try await first.waitUntilHealthy()
        let token = try await first.token(creds)
        var acknowledged = 0
        for batch in 0..<10 {
            let body = (0..<100).map { Self.alertLine(batch * 100 + $0) }.joined(separator: "\n")
            let (data, status) = try await first.request("POST", "/ingest/alerts", body: body, token: token,
                                                         contentType: "application/x-ndjson")
            #expect(status == 200, "\(String(decoding: data, as: UTF8.self))")
            acknowledged += 100
        }
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(first.process.terminationReason == .uncaughtSignal)

        let second = try Server(dataDir: dataDir)
        try await second.waitUntilHealthy()
        let token2 = try await second.token(creds)  // same keys and apps after the restart
        let (data, status) = try await second.request("GET", "/v1.0/security/alerts?$count=true&$top=1", token: token2)
        #expect(status == 200)
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(json?["@odata.count"] as? Int == acknowledged)

        second.process.terminate()  // SIGTERM
        // A server that ignores SIGTERM must fail the test, not hang it.
        let deadline = Date().addingTimeInterval(20)
        while second.process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let stopped = !second.process.isRunning
        if !stopped { kill(second.process.processIdentifier, SIGKILL) }
        try #require(stopped, "vigil serve did not stop within 20 s of SIGTERM")
        #expect(second.process.terminationStatus == 0)
        #expect(second.process.terminationReason == .exit)
    }
}
