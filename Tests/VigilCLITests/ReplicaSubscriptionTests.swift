import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostgresNIO
import Testing
import VigilTesting

/// A subscription takes effect at a point of the change feed for every replica: two `vigil serve` processes
/// on one PostgreSQL database, a subscription made on one, and at once changes made through both — every
/// matching change committed after the `201` is notified exactly once, whichever replica committed it, also
/// when that replica was paused (SIGSTOP) while the subscription was made.
@Suite("vigil serve: a new subscription sees every replica's changes at once", .serialized,
       .enabled(if: SharedTestPostgres.serverURL != nil,
                Comment(rawValue: SharedTestPostgres.unavailableText)))
struct ReplicaSubscriptionTests {
    typealias Server = ServeCommandTests.Server

    /// Two replicas on a fresh database, a tenant, credentials with ingest and write permissions, a token.
    struct Cluster {
        var a: Server
        var b: Server
        var token: String
        var receiver: WebhookReceiver

        static func start() async throws -> Cluster {
            let (url, connection) = try await ReplicaTests.freshDatabase()
            try await connection.close()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-subgap-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let creds = try ReplicaTests.tenantAndApp("gap", database: url)
            let config = dir.appendingPathComponent("vigil.yaml").path
            try """
                database: "\(url)"
                publicBaseUrl: http://vigil.gap.test
                """.write(toFile: config, atomically: true, encoding: .utf8)
            let a = try Server(dataDir: dir.appendingPathComponent("a").path, extraArguments: ["--config", config])
            let b = try Server(dataDir: dir.appendingPathComponent("b").path, extraArguments: ["--config", config])
            for server in [a, b] { server.output.fileHandleForReading.readabilityHandler = { _ = $0.availableData } }
            try await a.waitUntilHealthy()
            try await b.waitUntilHealthy()
            return Cluster(a: a, b: b, token: try await a.token(creds), receiver: try await WebhookReceiver.start())
        }

        func stop() {
            ReplicaTests.stop(a)
            ReplicaTests.stop(b)
            receiver.stop()
        }

        /// Creates the subscription on A; returns its id.
        func subscribe(_ clientState: String) async throws -> String {
            let expiry = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let request = #"{"changeType":"created,updated","notificationUrl":"\#(receiver.url)","resource":"security/alerts?$filter=severity eq 'high'","expirationDateTime":"\#(expiry)","clientState":"\#(clientState)"}"#
            let (body, status) = try await a.request("POST", "/v1.0/subscriptions", body: request, token: token)
            #expect(status == 201, "\(String(decoding: body, as: UTF8.self))")
            return try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["id"] as? String)
        }

        func ingest(_ ids: [String], on server: Server) async throws {
            try await ReplicaDeliveryTests.ingest(ids, on: server, token: token)
        }

        func patch(_ id: String, on server: Server) async throws {
            let body = #"{"status":"inProgress","assignedTo":"analyst@gap.test","vendorInformation":{"provider":"P","vendor":"V"}}"#
            let (data, status) = try await server.request("PATCH", "/v1.0/security/alerts/\(id)", body: body, token: token)
            #expect(status == 204, "\(String(decoding: data, as: UTF8.self))")
        }

        /// `alertId/changeType` of the notifications of one subscription, with how often each came.
        func notified(_ subscriptionId: String) -> [String: Int] {
            var counts: [String: Int] = [:]
            for item in receiver.with({ $0.notifications }) where item["subscriptionId"]?.stringValue == subscriptionId {
                let id = item["resourceData"]?["id"]?.stringValue ?? "?"
                counts["\(id)/\(item["changeType"]?.stringValue ?? "?")", default: 0] += 1
            }
            return counts
        }

        /// Waits for `expected` notifications of the subscription, then checks each came exactly once.
        func expectNotified(_ subscriptionId: String, _ expected: Set<String>, _ what: String) async throws {
            try await ReplicaTests.waitFor(what, seconds: 30) { Set(notified(subscriptionId).keys).isSuperset(of: expected) }
            try await Task.sleep(for: .seconds(1))  // time for a duplicate to show up
            let counts = notified(subscriptionId)
            let missing = expected.subtracting(counts.keys)
            #expect(missing.isEmpty, "\(what): \(missing.count) of \(expected.count) changes never notified, e.g. \(missing.sorted().prefix(5))")
            #expect(counts.filter { $0.value != 1 }.isEmpty, "\(what): notified more than once: \(counts.filter { $0.value != 1 })")
            #expect(Set(counts.keys) == expected, "\(what): unexpected notifications \(Set(counts.keys).subtracting(expected))")
        }
    }

    /// Posts matching alerts to a replica's `/ingest/alerts`.
    static func ingest(_ ids: [String], base: String, token: String) async throws {
        let body = ids.map { #"{"id":"\#($0)","title":"t","severity":"high","status":"newAlert","vendorInformation":{"provider":"P","vendor":"V"}}"# }
            .joined(separator: "\n")
        var request = URLRequest(url: URL(string: base + "/ingest/alerts")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: data, as: UTF8.self))")
    }

    /// The reported scenario, three times: subscribe on A, then at once ingest 20 matching alerts through each
    /// replica and PATCH 20 of them through B. All 60 changes are notified, once each.
    @Test func changesThroughEitherReplicaRightAfterCreation() async throws {
        let cluster = try await Cluster.start()
        defer { cluster.stop() }
        for round in 0..<3 {
            let subscription = try await cluster.subscribe("round-\(round)")
            let viaA = (0..<20).map { "r\(round)-a-\($0)" }
            let viaB = (0..<20).map { "r\(round)-b-\($0)" }
            // Both replicas at once (only Sendable values cross into the tasks).
            let token = cluster.token
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (ids, base) in [(viaA, cluster.a.base), (viaB, cluster.b.base)] {
                    group.addTask { try await Self.ingest(ids, base: base, token: token) }
                }
                try await group.waitForAll()
            }
            for id in viaB { try await cluster.patch(id, on: cluster.b) }
            let expected = Set(viaA.map { "\($0)/created" } + viaB.map { "\($0)/created" } + viaB.map { "\($0)/updated" })
            try await cluster.expectNotified(subscription, expected, "round \(round)")
        }
    }

    /// B is paused (not killed) while the subscription is made on A, then resumed and used at once: its stale
    /// view of the subscriptions must not decide what is notified.
    @Test func aReplicaPausedAcrossTheCreation() async throws {
        let cluster = try await Cluster.start()
        defer { cluster.stop() }
        // B has routed changes before (its view of the subscriptions is loaded), then stops.
        try await cluster.ingest(["before-pause"], on: cluster.b)
        kill(cluster.b.process.processIdentifier, SIGSTOP)
        let subscription: String
        do {
            subscription = try await cluster.subscribe("paused")
        } catch {
            kill(cluster.b.process.processIdentifier, SIGCONT)
            throw error
        }
        kill(cluster.b.process.processIdentifier, SIGCONT)
        let viaB = (0..<20).map { "paused-b-\($0)" }
        try await cluster.ingest(viaB, on: cluster.b)
        for id in viaB { try await cluster.patch(id, on: cluster.b) }
        try await cluster.expectNotified(subscription, Set(viaB.map { "\($0)/created" } + viaB.map { "\($0)/updated" }),
                                         "after the pause")
    }
}
