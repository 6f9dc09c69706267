import Foundation
import PostgresNIO
import Testing
import VigilCore
@testable import VigilStorage

/// What only PostgreSQL needs shown: the feed and outbox rows commit or roll back with the alerts they
/// describe, and stores on separate connection pools (as replicas have) share claims correctly.
@Suite("PostgreSQL change feed and outbox", .enabled(if: PostgresTestDatabase.isAvailable, PostgresTestDatabase.unavailableReason))
struct PostgresChangeFeedTests {
    struct Rollback: Error {}

    static func count(_ database: VigilPostgres, _ table: StaticString, on connection: PostgresConnection? = nil) async throws -> Int64 {
        let query = PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)")
        if let connection {
            for try await n in try await connection.query(query, logger: database.logger).decode(Int64.self) { return n }
            return -1
        }
        return try await database.withConnection { connection in
            for try await n in try await connection.query(query, logger: database.logger).decode(Int64.self) { return n }
            return -1
        }
    }

    @Test("A rolled-back ingest transaction leaves no alert, feed entry or outbox row; a committed one leaves all")
    func rollbackTakesEverythingBack() async throws {
        let database = try await PostgresTestDatabase.fresh()
        let store = VigilStore.postgres(database, router: StoreConformance.TestRouter(), signal: ChangeSignal())
        let now = DateTimeOffset.now()
        let alerts = [try StoreConformance.sample("x"), try StoreConformance.sample("y", severity: "low")]
        let records = await PostgresAlertRepository.records(tenantId: "t1", alerts: alerts, at: now)
        await #expect(throws: (any Error).self) {
            try await database.withTransaction { connection in
                let outcomes = try await PostgresAlertRepository.ingestBatch(
                    tenantId: "t1", alerts, records: records, router: StoreConformance.TestRouter(), at: now,
                    on: connection, logger: database.logger)
                #expect(outcomes == [.created(id: "x"), .created(id: "y")])
                // Inside the transaction everything is written…
                #expect(try await Self.count(database, "alert_change", on: connection) == 2)
                #expect(try await Self.count(database, "notification_outbox", on: connection) == 3)
                throw Rollback()
            }
        }
        // …and after the rollback none of it is.
        #expect(try await Self.count(database, "alert") == 0)
        #expect(try await Self.count(database, "alert_change") == 0)
        #expect(try await Self.count(database, "notification_outbox") == 0)

        // A batch the database refuses part-way (a NUL in an id) rolls back as a whole through the public API.
        var bad = try StoreConformance.sample("z")
        bad.id = "z\u{0}z"
        await #expect(throws: VigilError.self) {
            _ = try await store.alerts.ingest(tenantId: "t1", alerts: [try StoreConformance.sample("ok"), bad], at: now)
        }
        #expect(try await Self.count(database, "alert") == 0)
        #expect(try await Self.count(database, "alert_change") == 0)
        #expect(try await Self.count(database, "notification_outbox") == 0)

        // Committed: alerts, feed and outbox together; the feed numbers continue past the rolled-back ones.
        #expect(try await store.alerts.ingest(tenantId: "t1", alerts: alerts, at: now) == [.created(id: "x"), .created(id: "y")])
        let feed = try await store.changes!.changes(tenantId: nil, after: 0, limit: 10)
        #expect(feed.map(\.change.alertId) == ["x", "y"])
        #expect(try await Self.count(database, "notification_outbox") == 3)
        await database.close()
    }

    @Test("Dispatchers on two connection pools (two replicas) claim disjoint outbox entries; a PATCH on one replica is routed like an ingest")
    func twoPoolsShareTheOutbox() async throws {
        let location = try await PostgresTestDatabase.freshLocation()
        let first = try await VigilPostgres.connect(location, maximumConnections: 4)
        let second = try await VigilPostgres.connect(location, maximumConnections: 4)
        let a = VigilStore.postgres(first, router: StoreConformance.TestRouter(), signal: ChangeSignal())
        let b = VigilStore.postgres(second, router: StoreConformance.TestRouter(), signal: ChangeSignal())
        _ = try await a.alerts.ingest(tenantId: "t1", alerts: try (0..<40).map { try StoreConformance.sample("p\($0)") }, at: .now())
        _ = try await b.alerts.update(tenantId: "t1", id: "p0", provider: nil) { $0.assignedTo = "soc" }
        let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for (n, store) in [a, b, a, b].enumerated() {
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let batch = try await store.outbox!.claim(now: StoreConformance.clock(), holder: "r\(n)", lease: 120, limit: 5)
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.id)
                    }
                }
            }
            var all: [Int64] = []
            for try await part in group { all += part }
            return all
        }
        #expect(claims.count == 82)
        #expect(Set(claims).count == 82)
        // The other replica's live claims survive this one's start.
        try await b.outbox!.recoverClaims()
        #expect(try await a.outbox!.claim(now: StoreConformance.clock(), holder: "late", lease: 120, limit: 100).isEmpty)
        let changes = try await b.changes!.changes(tenantId: "t1", after: 0, limit: 100)
        #expect(changes.count == 41)
        #expect(changes.last?.change.alertId == "p0")
        #expect(changes.last?.change.changeType == .updated)
        await first.close()
        await second.close()
    }
}
