import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTesting

/// `vigil serve` as a real process on loopback: first start, tokens, ingestion, `kill -9`, restart.
@Suite("vigil serve", .serialized)
struct ServeCommandTests {
    final class Server {
        let process = Process()
        let output = Pipe()
        let port = Int.random(in: 20_000...40_000)
        var base: String { "http://127.0.0.1:\(port)" }
        /// The key-encryption key every replica of a test database is given.
        static let replicaKeyEncryptionKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()

        init(dataDir: String, extraArguments: [String] = []) throws {
            process.executableURL = FilterCommandTests.binary
            process.arguments = ["serve", "--data-dir", dataDir, "--port", String(port)] + extraArguments
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            // Replicas on one database share the key that seals its signing keys (each has its own data folder).
            var environment = ProcessInfo.processInfo.environment
            environment["VIGIL_KEY_ENCRYPTION_KEY"] = Self.replicaKeyEncryptionKey
            process.environment = environment
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

        /// The first-start credentials line (read on a thread of its own: the read blocks until the server
        /// prints it, and must not hold one of the concurrency pool's few threads meanwhile).
        func credentials() async throws -> [String: String] {
            let handle = output.fileHandleForReading
            let text: String = await withCheckedContinuation { continuation in
                Thread {
                    var collected = Data()
                    while !(String(decoding: collected, as: UTF8.self).contains("clientSecret")) {
                        let chunk = handle.availableData
                        if chunk.isEmpty { break }
                        collected.append(chunk)
                    }
                    continuation.resume(returning: String(decoding: collected, as: UTF8.self))
                }.start()
            }
            let line = try #require(text.split(separator: "\n").first { $0.contains("clientSecret") })
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

    @Test("--bootstrap-secret-file: the first start's credentials go to a 0600 file, not to standard output")
    func bootstrapSecretFile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-bootstrap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("bootstrap.json").path
        // A file already there (readable by all) is truncated and made private.
        FileManager.default.createFile(atPath: file, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        let server = try Server(dataDir: dir.appendingPathComponent("data").path,
                                extraArguments: ["--bootstrap-secret-file", file])
        defer { ReplicaTests.stop(server) }
        try await server.waitUntilHealthy()
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let creds = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        let secret = try #require(creds["clientSecret"])
        #expect(creds["tenantId"] != nil && creds["clientId"] != nil)
        // The credentials work, and standard output names the file but never shows the secret.
        _ = try await server.token(creds)
        ReplicaTests.stop(server)
        let printed = String(decoding: server.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed.contains(file))
        #expect(!printed.contains(secret))
    }

    @Test func acknowledgedAlertsSurviveKillNineAndSIGTERMStopsCleanly() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-serve-\(UUID().uuidString)").path
        let first = try Server(dataDir: dataDir)
        let creds = try await first.credentials()
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

    @Test("Killed (-9) while a notification POST is in flight, a restarted server still delivers every notification")
    func notificationsSurviveKillNine() async throws {
        let receiver = try await WebhookReceiver.start(.init(hang: true))
        defer { receiver.stop() }
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-notify-\(UUID().uuidString)").path
        let first = try Server(dataDir: dataDir)
        let creds = try await first.credentials()
        try await first.waitUntilHealthy()
        let token = try await first.token(creds)
        let expiry = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        let subscription = #"{"changeType":"created","notificationUrl":"\#(receiver.url)","resource":"security/alerts?$filter=severity eq 'high'","expirationDateTime":"\#(expiry)"}"#
        let (created, status) = try await first.request("POST", "/v1.0/subscriptions", body: subscription, token: token)
        #expect(status == 201, "\(String(decoding: created, as: UTF8.self))")
        let body = (0..<3).map(Self.alertLine).joined(separator: "\n")
        let (_, ingested) = try await first.request("POST", "/ingest/alerts", body: body, token: token,
                                                     contentType: "application/x-ndjson")
        #expect(ingested == 200)
        // Wait until the dispatcher's POST reached the (hanging) receiver, then kill the server mid-delivery.
        for _ in 0..<500 where receiver.with({ $0.posts.isEmpty }) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(receiver.with { $0.posts.count } == 1)
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(receiver.with { $0.notifications.isEmpty })

        receiver.with { $0.hang = false }
        let second = try Server(dataDir: dataDir)
        defer { second.process.terminate() }
        try await second.waitUntilHealthy()
        let items = try await receiver.waitForNotifications(3)
        #expect(Set(items.compactMap { ($0["resourceData"]?["id"]?.stringValue) }) == ["k-0", "k-1", "k-2"])
    }

    @Test func ingestSendsFilesInChunksWithHeadersAndFileLineNumbers() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let server = try Server(dataDir: dir.appendingPathComponent("data").path)
        defer { server.process.terminate() }
        let creds = try await server.credentials()
        try await server.waitUntilHealthy()

        let eve = [
            #"{"timestamp":"2024-03-01T10:00:00.000000+0000","flow_id":1,"event_type":"dns","src_ip":"10.0.0.5","dest_ip":"10.0.0.1","proto":"UDP","dns":{"type":"query","rrname":"a.example"}}"#,
            #"{"timestamp":"2024-03-01T10:00:01.000000+0000","flow_id":2,"event_type":"alert","src_ip":"10.0.0.5","src_port":1,"dest_ip":"203.0.113.1","dest_port":80,"proto":"TCP","alert":{"gid":1,"signature_id":7,"rev":1,"signature":"Test signature","category":"Test","severity":2}}"#,
            "not json",
            #"{"timestamp":"2024-03-01T10:00:02.000000+0000","event_type":"stats","stats":{}}"#,
            #"{"timestamp":"2024-03-01T10:00:03.000000+0000","flow_id":3,"event_type":"flow","src_ip":"10.0.0.5","dest_ip":"10.0.0.9","proto":"TCP"}"#,
        ].joined(separator: "\n")
        let eveFile = dir.appendingPathComponent("eve.json")
        try eve.write(to: eveFile, atomically: true, encoding: .utf8)
        let arguments = ["--tenant", creds["tenantId"]!, "--client-id", creds["clientId"]!, "--client-secret", creds["clientSecret"]!,
                         "--url", server.base, "--lines", "2"]
        let result = try FilterCommandTests.run(["ingest", "--format", "suricata", eveFile.path] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let totals = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(totals["records"] as? Int == 5)
        #expect(totals["events"] as? Int == 2)
        #expect(totals["alerts"] as? Int == 1)
        #expect(totals["skipped"] as? Int == 1)
        #expect(totals["malformed"] as? Int == 1)
        // The source's counters are visible to `vigil providers list` (another process).
        let listed = try FilterCommandTests.run(["providers", "list", "--data-dir", dir.appendingPathComponent("data").path])
        #expect(listed.status == 0, "\(listed.stderr)")
        let sourceLine = try #require(listed.stdout.split(separator: "\n").first { $0.contains(#""source":"suricata""#) })
        let source = try #require(try JSONSerialization.jsonObject(with: Data(sourceLine.utf8)) as? [String: Any])
        #expect((source["status"] as? [String: Any])?["malformed"] as? Int == 1)
        #expect((source["status"] as? [String: Any])?["records"] as? Int == 5)
        // The malformed line is reported with its line number in the file, not in its chunk.
        #expect(((totals["errors"] as? [[String: Any]])?.first?["line"] as? Int) == 3)
        #expect(result.stderr.contains("3/3"))

        // Zeek TSV: the header block is repeated in every chunk.
        let tsv = """
            #separator \\x09
            #set_separator\t,
            #empty_field\t(empty)
            #unset_field\t-
            #path\tconn
            #fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto
            #types\ttime\tstring\taddr\tport\taddr\tport\tenum
            1700000000.000001\tC1\t10.0.0.1\t1000\t10.0.0.2\t80\ttcp
            1700000001.000001\tC2\t10.0.0.1\t1001\t10.0.0.3\t80\ttcp
            1700000002.000001\tC3\t10.0.0.1\t1002\t10.0.0.4\t80\ttcp
            """
        let tsvFile = dir.appendingPathComponent("conn.log")
        try tsv.write(to: tsvFile, atomically: true, encoding: .utf8)
        let zeek = try FilterCommandTests.run(["ingest", "--format", "zeek", tsvFile.path] + arguments)
        #expect(zeek.status == 0, "\(zeek.stderr)")
        let zeekTotals = try #require(try JSONSerialization.jsonObject(with: Data(zeek.stdout.utf8)) as? [String: Any])
        #expect(zeekTotals["events"] as? Int == 3)
        #expect(zeekTotals["malformed"] as? Int == 0)

        let wrong = try FilterCommandTests.run(["ingest", "--format", "pcap", tsvFile.path] + arguments)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("unknown format 'pcap'"))
    }
}
