import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing
import VigilCore
import VigilNotifications
import VigilStorage
import VigilTesting
@testable import VigilServer
@testable import VigilEngine

/// A server on PostgreSQL (`VIGIL_TEST_POSTGRES_URL`) has every capability of one on SQLite: subscriptions
/// with delivery, security actions, secure score and exporters answer (not 503), on the database's stores.
@Suite("Services on PostgreSQL", .enabled(if: SharedTestPostgres.serverURL != nil,
                                          Comment(rawValue: SharedTestPostgres.unavailableText)))
struct PostgresServicesTests {
    /// The URL of a new, empty database on the test server.
    static func freshDatabase() async throws -> String {
        let base = try #require(SharedTestPostgres.serverURL)
        var components = try #require(URLComponents(string: base))
        let logger = Logger(label: "vigil-test")
        let admin = try await PostgresConnection.connect(configuration: .init(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "",
            password: components.password, database: String(components.path.dropFirst()), tls: .disable), id: 1, logger: logger)
        let name = "vigil_services_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)  // a UUID, not input
        try await admin.close()
        components.path = "/" + name
        return try #require(components.string)
    }

    @Test("Subscriptions deliver, actions run, scores are taken and exporters are listed on PostgreSQL")
    func everyCapability() async throws {
        let url = try await Self.freshDatabase()
        let server = try await TestServer.make { $0.database = Secret(url) }
        let store = try #require(server.services.store)
        #expect(store.isShared)
        #expect(server.services.database == nil)
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)

            // A subscription, an alert, one notification through the dispatcher, and the delivery log.
            let (created, subscription, _) = try await client.call("/v1.0/subscriptions", .post, token: token,
                                                                   body: SubscriptionsTests.body(receiver.url))
            #expect(created == .created, "\(subscription)")
            let subscriptionId = try #require(subscription["id"]?.stringValue)
            try await SubscriptionsTests.ingest(client, token: token, [sampleAlert("pg-1"), sampleAlert("pg-low", severity: "low")])
            let dispatcher = try #require(server.services.notifications).dispatcher(logger: quietLogger)
            #expect(try await dispatcher.dispatchOnce() == 1)
            let items = try await receiver.waitForNotifications(1)
            #expect(items.compactMap { $0["resourceData"]?["id"]?.stringValue } == ["pg-1"])
            #expect(items.first?["clientState"]?.stringValue == "s3cret")
            let (logged, deliveries, _) = try await client.call("/v1.0/subscriptions/\(subscriptionId)/deliveries", token: token)
            #expect(logged == .ok, "\(deliveries)")
            #expect(deliveries["pending"] == .int(0))

            // A security action runs to completion.
            let (actionStatus, action, _) = try await client.call(
                "/beta/security/securityActions", .post, token: token,
                body: SecurityActionsTests.body("BlockIp", [("IP", "203.0.113.77")]))
            #expect(actionStatus == .created, "\(action)")
            let actionId = try #require(action["id"]?.stringValue)
            #expect(try await SecurityActionsTests.runner(server.services).runOnce() == 1)
            let (_, done, _) = try await client.call("/beta/security/securityActions/\(actionId)", token: token)
            #expect(done["status"]?.stringValue == "Completed")

            // Secure score: today's snapshot, listed.
            let engine = try #require(server.services.score)
            #expect(try await engine.compute(tenantIds: [server.tenantA]).count == 1)
            let (scoreStatus, scores, _) = try await client.call("/v1.0/security/secureScores", token: token)
            #expect(scoreStatus == .ok, "\(scores)")
            #expect(scores["value"]?.arrayValue?.count == 1)

            // Exporters (none configured) answer too.
            let (exportersStatus, exporters, _) = try await client.call("/exporters", token: token)
            #expect(exportersStatus == .ok, "\(exporters)")
            #expect(exporters["value"]?.arrayValue?.isEmpty == true)
        }
        await store.close()
    }
}

/// The PostgreSQL server of the tests (`VIGIL_TEST_POSTGRES_URL`), if any.
