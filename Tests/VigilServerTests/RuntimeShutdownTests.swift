import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Testing
import VigilCore
import VigilStorage
import VigilTesting
@testable import VigilEngine
@testable import VigilServer

/// The composition root runs every service in one group; a graceful shutdown in the middle of work
/// finishes it, releases the leases and lets the database close.
@Suite("Runtime: one service group, graceful shutdown")
struct RuntimeShutdownTests {
    @Test("Shutdown while a file is tailed and alerts are ingested: the work is stored, the tail's lease released")
    func gracefulShutdown() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-runtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let eve = dir.appendingPathComponent("eve.json")
        try (0..<20).map(FileTailerTests.alertLine).joined().write(to: eve, atomically: true, encoding: .utf8)
        var configuration = VigilConfiguration()
        configuration.dataDir = dir.appendingPathComponent("data").path
        configuration.port = 0
        configuration.publicBaseUrl = "http://vigil.test"
        let probe = try await VigilServices.open(configuration)
        let tenant = try await probe.identity.createTenant(name: "A")
        let (app, secret) = try await probe.identity.createApp(tenantId: tenant.id, name: "admin", roles: Permission.all,
                                                                multiTenant: false)
        await probe.store?.close()
        configuration.sources = [FileSourceConfiguration(name: "eve", format: "suricata", path: eve.path, tenant: tenant.id)]

        let runtime = try await VigilRuntime.open(configuration)
        let store = try #require(runtime.services.store)
        let port = Shared<Int?>(nil)
        var logger = Logger(label: "vigil-test")
        logger.logLevel = .critical
        let group = try runtime.serviceGroup(logger: logger, signals: []) { channel in
            port.withLock { $0 = channel.localAddress?.port }
        }
        let running = Task { try await group.run() }
        var listening: Int?
        for _ in 0..<200 where listening == nil {
            try await Task.sleep(for: .milliseconds(25))
            listening = port.withLock { $0 }
        }
        let base = "http://127.0.0.1:\(try #require(listening))"

        // The tailer takes the file (its lease is held) while alerts arrive over HTTP.
        #expect(try await eventually { try await store.leases.lease("tail:eve")?.holder == WorkLeaseHolder.id })
        let token = try await Self.token(base, tenant: tenant.id, clientId: app.clientId, secret: secret.revealed)
        var request = HTTPClientRequest(url: base + "/ingest/alerts")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.body = .bytes(ByteBuffer(string: (0..<50).map { #"{"id":"rt-\#($0)","title":"t","severity":"high","status":"newAlert","vendorInformation":{"provider":"P","vendor":"V"}}"# }
            .joined(separator: "\n")))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status == .ok)

        await group.triggerGracefulShutdown()
        try await running.value
        // Everything acknowledged or tailed is stored; the tail's lease is free for another replica.
        #expect(try await store.alerts.count(tenantId: tenant.id) == 70)
        let lease = try await store.leases.lease("tail:eve")
        #expect(lease == nil || lease?.holder == "")
        await store.close()
        // The database is closed: a new runtime opens it and finds the same alerts.
        let reopened = try await VigilRuntime.open(configuration)
        #expect(try await reopened.services.alerts.count(tenantId: tenant.id) == 70)
        await reopened.services.store?.close()
    }

    static func token(_ base: String, tenant: String, clientId: String, secret: String) async throws -> String {
        var request = HTTPClientRequest(url: base + "/\(tenant)/oauth2/v2.0/token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: "grant_type=client_credentials&client_id=\(clientId)&client_secret=\(secret)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return try #require(try JSONParser.parse(Array(buffer: body))["access_token"]?.stringValue)
    }
}
