import Foundation
import GRDB
import Testing
import VigilCore
@testable import VigilStorage

/// The row-claim pattern on SQLite (one process: the write transaction is the lock).
@Suite("SQLite work claims")
struct SQLiteWorkClaimsTests {
    static let table = WorkTable(name: "test_work_item", key: "id", ready: "state = 'pending'", order: "due, id")

    @Test func claimsBatchesInOrderAndReclaimsLapsedOnes() async throws {
        let store = try TestStores.sqlite()
        let database = try #require(store.sqlite)
        try await database.pool.write { db in
            try db.execute(sql: """
                CREATE TABLE test_work_item (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, state TEXT NOT NULL, due INTEGER NOT NULL,
                    claimed_by TEXT, claimed_until TEXT);
                """)
            for n in 1...20 {
                try db.execute(sql: "INSERT INTO test_work_item (id, tenant_id, state, due) VALUES (?, ?, ?, ?)",
                               arguments: [String(format: "w%02d", n), n % 2 == 0 ? "t2" : "t1", n % 5 == 0 ? "done" : "pending", 100 - n])
            }
        }
        let first = try await database.pool.write { db in
            try SQLiteWorkClaims.claimRows(Self.table, in: db, holder: "a", limit: 5, ttl: .seconds(60))
        }
        #expect(first == ["w19", "w18", "w17", "w16", "w14"])
        let second = try await database.pool.write { db in
            try SQLiteWorkClaims.claimRows(Self.table, in: db, holder: "b", limit: 100, ttl: .seconds(60), tenantId: "t1")
        }
        #expect(second == ["w13", "w11", "w09", "w07", "w03", "w01"])
        let lapsing = try await database.pool.write { db in
            try SQLiteWorkClaims.claimRows(Self.table, in: db, holder: "c", limit: 100, ttl: .milliseconds(1))
        }
        #expect(lapsing == ["w12", "w08", "w06", "w04", "w02"])
        try await Task.sleep(for: .milliseconds(20))
        try await database.pool.write { db in
            try SQLiteWorkClaims.releaseRows(Self.table, in: db, keys: ["w19", "w18"], holder: "not-a")
            try SQLiteWorkClaims.releaseRows(Self.table, in: db, keys: ["w17"], holder: "a")
        }
        let again = try await database.pool.write { db in
            try SQLiteWorkClaims.claimRows(Self.table, in: db, holder: "d", limit: 100, ttl: .seconds(60))
        }
        #expect(again == ["w17", "w12", "w08", "w06", "w04", "w02"])
    }
}
