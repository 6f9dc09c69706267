import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostgresNIO
import Testing
import VigilTesting

/// Two `vigil serve` processes on one PostgreSQL database (`VIGIL_TEST_POSTGRES_URL`) deliver as one
/// service: a subscription made on one replica is notified of alerts ingested on the other, each
/// notification exactly once; a file exporter runs on one replica at a time and writes each alert once; when
/// its holder is killed (-9) the other replica takes over where it stopped.
@Suite("vigil serve: notifications and exporters with two replicas on one PostgreSQL database", .serialized,
       .enabled(if: SharedTestPostgres.serverURL != nil,
                Comment(rawValue: SharedTestPostgres.unavailableText)))
struct ReplicaDeliveryTests {
    typealias Server = ServeCommandTests.Server

    static func ingest(_ ids: [String], on server: Server, token: String) async throws {
        let body = ids.map { #"{"id":"\#($0)","title":"t","severity":"high","status":"newAlert","vendorInformation":{"provider":"P","vendor":"V"}}"# }
            .joined(separator: "\n")
        let (data, status) = try await server.request("POST", "/ingest/alerts", body: body, token: token,
                                                      contentType: "application/x-ndjson")
        #expect(status == 200, "\(String(decoding: data, as: UTF8.self))")
    }

    /// The alert ids of the notifications received, with how often each came.
    static func notified(_ receiver: WebhookReceiver) -> [String: Int] {
        var counts: [String: Int] = [:]
        for item in receiver.with({ $0.notifications }) {
            if let id = item["resourceData"]?["id"]?.stringValue { counts[id, default: 0] += 1 }
        }
        return counts
    }

    /// The alert ids in the exporter's file, with how often each was written.
    static func exported(_ path: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            counts[object?["id"] as? String ?? "?", default: 0] += 1
        }
        return counts
    }

    /// Whether the exporter's saved cursor has reached the end of the change feed.
    static func exporterCaughtUp(_ connection: PostgresConnection, _ name: String) async throws -> Bool {
        let rows = try await connection.query("""
            SELECT (SELECT cursor FROM exporter_state WHERE name = \(name)) = (SELECT MAX(seq) FROM alert_change)
            """, logger: Logger(label: "vigil-test"))
        for try await caughtUp in rows.decode(Bool?.self) { return caughtUp == true }
        return false
    }

    @Test func notificationsOnceExporterOnOneReplicaAndTakeover() async throws {
        let (url, connection) = try await ReplicaTests.freshDatabase()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-delivery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }

        let creds = try ReplicaTests.tenantAndApp("delivery", database: url)
        let tenant = creds["tenantId"]!

        // The exporter is in the shared configuration: both replicas know it, one runs it.
        let archive = dir.appendingPathComponent("export/alerts.jsonl").path
        let config = dir.appendingPathComponent("vigil.yaml").path
        try """
            database: "\(url)"
            publicBaseUrl: http://vigil.delivery.test
            exporters:
              - name: archive
                type: file
                path: \(archive)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let a = try Server(dataDir: dir.appendingPathComponent("a").path, extraArguments: ["--config", config])
        let b = try Server(dataDir: dir.appendingPathComponent("b").path, extraArguments: ["--config", config])
        defer {
            ReplicaTests.stop(a)
            ReplicaTests.stop(b)
        }
        for server in [a, b] { server.output.fileHandleForReading.readabilityHandler = { _ = $0.availableData } }
        try await a.waitUntilHealthy()
        try await b.waitUntilHealthy()
        let token = try await a.token(creds)

        // The subscription is made on A (A does the validation handshake).
        let expiry = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        let request = #"{"changeType":"created,updated","notificationUrl":"\#(receiver.url)","resource":"security/alerts?$filter=severity eq 'high'","expirationDateTime":"\#(expiry)","clientState":"replicas"}"#
        let (subscriptionBody, status) = try await a.request("POST", "/v1.0/subscriptions", body: request, token: token)
        #expect(status == 201, "\(String(decoding: subscriptionBody, as: UTF8.self))")
        let subscriptionId = try #require((try JSONSerialization.jsonObject(with: subscriptionBody) as? [String: Any])?["id"] as? String)

        // B's router picks the subscription up within its refresh interval: ingest probes on B until one is notified.
        var probes: [String] = []
        try await ReplicaTests.waitFor("replica B to route changes to the new subscription", seconds: 60) {
            let probe = "probe-\(probes.count)"
            probes.append(probe)
            try await Self.ingest([probe], on: b, token: token)
            try await Task.sleep(for: .milliseconds(300))
            return !Self.notified(receiver).isEmpty
        }

        // Alerts ingested on B: every one notified exactly once (whichever replica's dispatcher delivers it).
        let batch = (0..<100).map { "k-\($0)" }
        for part in stride(from: 0, to: batch.count, by: 25) {
            try await Self.ingest(Array(batch[part..<part + 25]), on: b, token: token)
        }
        try await ReplicaTests.waitFor("100 notifications", seconds: 60) {
            Set(Self.notified(receiver).keys).isSuperset(of: batch)
        }
        try await Task.sleep(for: .seconds(2))  // both dispatchers had many more rounds to deliver anything twice
        var counts = Self.notified(receiver)
        #expect(batch.allSatisfy { counts[$0] == 1 }, "notified more or less than once: \(counts.filter { $0.value != 1 })")
        #expect(counts.filter { $0.key.hasPrefix("probe-") }.values.allSatisfy { $0 == 1 })
        let items = receiver.with { $0.notifications }
        let notificationIds = items.compactMap { $0["id"]?.stringValue }
        #expect(notificationIds.count == items.count)
        #expect(Set(notificationIds).count == notificationIds.count, "a notification id arrived twice")
        #expect(items.allSatisfy { $0["subscriptionId"]?.stringValue == subscriptionId && $0["clientState"]?.stringValue == "replicas" })
        #expect(items.allSatisfy { $0["changeType"]?.stringValue == "created" })

        // The exporter: one replica holds its lease and writes every alert once.
        try await ReplicaTests.waitFor("the exporter to catch up", seconds: 60) {
            try await Self.exporterCaughtUp(connection, "archive")
        }
        var written = try Self.exported(archive)
        #expect(Set(written.keys) == Set(batch + probes))
        #expect(written.values.allSatisfy { $0 == 1 }, "written more than once: \(written.filter { $0.value != 1 })")
        let holderPid = try #require(try await ReplicaTests.leaseHolderPid(connection, "exporter:archive"))
        let (holder, survivor) = holderPid == a.process.processIdentifier ? (a, b) : (b, a)
        #expect(holderPid == holder.process.processIdentifier)

        // Kill the holder (-9: no release); the survivor takes the exporter over from the saved cursor.
        kill(holder.process.processIdentifier, SIGKILL)
        holder.process.waitUntilExit()
        let more = (100..<150).map { "k-\($0)" }
        try await Self.ingest(more, on: survivor, token: token)
        try await ReplicaTests.waitFor("the survivor to export the new alerts", seconds: 60) {
            Set(try Self.exported(archive).keys).isSuperset(of: more)
        }
        try await ReplicaTests.waitFor("the exporter to catch up again", seconds: 60) {
            try await Self.exporterCaughtUp(connection, "archive")
        }
        written = try Self.exported(archive)
        #expect(Set(written.keys) == Set(batch + probes + more))
        #expect(written.values.allSatisfy { $0 == 1 }, "written more than once: \(written.filter { $0.value != 1 })")
        #expect(try await ReplicaTests.leaseHolderPid(connection, "exporter:archive") == survivor.process.processIdentifier)
        // The survivor notifies the new alerts too, once each.
        try await ReplicaTests.waitFor("50 more notifications", seconds: 60) {
            Set(Self.notified(receiver).keys).isSuperset(of: more)
        }
        counts = Self.notified(receiver)
        #expect(more.allSatisfy { counts[$0] == 1 })

        // The daily secure score job (one replica at a time, under its lease) made today's snapshot of the tenant.
        let rows = try await connection.query("SELECT COUNT(*) FROM secure_score WHERE tenant_id = \(tenant)",
                                              logger: Logger(label: "vigil-test"))
        for try await n in rows.decode(Int64.self) { #expect(n == 1) }

        // The commands read the same database (named in the configuration file).
        let listed = try FilterCommandTests.run(["exporters", "list", "--config", config])
        #expect(listed.status == 0, "\(listed.stderr)")
        let exporter = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        #expect(exporter["name"] as? String == "archive")
        #expect(exporter["lag"] as? Int == 0)
        #expect(exporter["exported"] as? Int == batch.count + probes.count + more.count)
        let shown = try FilterCommandTests.run(["score", "--tenant", tenant, "--config", config])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["tenantId"] as? String == tenant)

        // A graceful stop releases the exporter at once.
        ReplicaTests.stop(survivor)
        #expect(survivor.process.terminationStatus == 0)
        #expect(try await ReplicaTests.leaseHolderPid(connection, "exporter:archive") == nil)
        try await connection.close()
    }
}
