import Foundation
import PostgresNIO
import Testing
import VigilCore
@testable import VigilStorage

/// The PostgreSQL backend's own parts that need no server: URLs, redaction, errors, migration text.
@Suite("PostgreSQL backend without a server")
struct PostgresOfflineTests {
    @Test func urlsParseAndNeverShowThePassword() throws {
        let location = try PostgresLocation(url: Secret("postgres://vigil:s%40cret@db.example:6543/vigil_prod?sslmode=require"))
        #expect(location == PostgresLocation(host: "db.example", port: 6543, username: "vigil", password: Secret("s@cret"),
                                             database: "vigil_prod", tls: .require))
        #expect(location.description == "postgres://vigil:***@db.example:6543/vigil_prod?sslmode=require")
        #expect(!"\(location)".contains("cret"))
        let plain = try PostgresLocation(url: Secret("postgresql://u@localhost/db"))
        #expect(plain.port == 5432)
        #expect(plain.password == nil)
        #expect(plain.tls == .prefer)
        #expect(plain.description == "postgres://u@localhost:5432/db")
    }

    @Test(arguments: ["mysql://u:p@h/db", "postgres://u:p@/db", "postgres://:p@h/db", "postgres://u:p@h", "postgres://u:p@h/db?sslmode=maybe",
                      "postgres://u:p@h/db?application=x", "not a url"])
    func badURLsAreRefusedWithoutThePassword(_ url: String) {
        do {
            _ = try PostgresLocation(url: Secret(url))
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.code == .badRequest)
            #expect(!error.message.contains(":p@"))
        }
    }

    @Test func anUnreachableServerIsReportedClearlyAndWithoutThePassword() async throws {
        // Port 1 on loopback: nothing listens there.
        let location = PostgresLocation(host: "127.0.0.1", port: 1, username: "vigil", password: Secret("hunter2-secret"),
                                        database: "vigil", tls: .disable)
        do {
            _ = try await VigilPostgres.connect(location)
            Issue.record("connected to nothing")
        } catch {
            #expect(error.code == .serviceUnavailable)
            #expect(error.message.contains("Cannot reach the PostgreSQL database postgres://vigil:***@127.0.0.1:1/vigil"),
                    "\(error.message)")
            #expect(error.message.localizedCaseInsensitiveContains("refused"), "\(error.message)")
            #expect(!error.message.contains("hunter2"))
        }
    }

    @Test func migrationTextSplitsIntoStatementsOutsideQuotesAndBodies() {
        let statements = PostgresMigrations.statements("""
            CREATE TABLE a (x TEXT); -- a comment; with a semicolon
            CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'a;b' $$;
            DO $$ BEGIN EXECUTE 'CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $f$ SELECT 1; $f$'; END $$;
            INSERT INTO a VALUES ('it''s; fine')
            """)
        #expect(statements == [
            "CREATE TABLE a (x TEXT)",
            "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'a;b' $$",
            "DO $$ BEGIN EXECUTE 'CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $f$ SELECT 1; $f$'; END $$",
            "INSERT INTO a VALUES ('it''s; fine')",
        ])
        #expect(PostgresMigrations.all.map(\.id).count == Set(PostgresMigrations.all.map(\.id)).count)
    }
}

/// The PostgreSQL backend against a real server: migrations under concurrency, SQL functions, row claims.
@Suite("PostgreSQL backend", .enabled(if: PostgresTestDatabase.isAvailable, PostgresTestDatabase.unavailableReason))
struct PostgresBackendTests {
    static func scalar(_ database: VigilPostgres, _ query: PostgresQuery) async throws -> String? {
        try await database.withConnection { connection in
            for try await value in try await connection.query(query, logger: database.logger).decode(String?.self) {
                return value
            }
            return nil
        }
    }

    @Test("Processes that start together on an empty database apply each migration once")
    func concurrentMigrations() async throws {
        let location = try await PostgresTestDatabase.freshLocation()
        let databases = try await withThrowingTaskGroup(of: VigilPostgres.self) { group in
            for _ in 0..<4 { group.addTask { try await VigilPostgres.connect(location, maximumConnections: 2) } }
            var out: [VigilPostgres] = []
            for try await database in group { out.append(database) }
            return out
        }
        let applied = try await Self.scalar(databases[0], "SELECT string_agg(id, '|' ORDER BY id) FROM schema_migrations")
        #expect(applied == PostgresMigrations.all.map(\.id).sorted().joined(separator: "|"))
        let again = try await VigilPostgres.connect(location)  // nothing pending: a no-op
        #expect(await again.isReady())
        for database in databases + [again] { await database.close() }
    }

    @Test("The SQL functions agree with DateTimeOffset and Swift's case mapping",
          arguments: ["2023-11-14T22:13:20.5+01:00", "2024-02-29T23:59:59-0130", "2023-02-29T00:00:00Z", "2024-01-01t00:00:00z",
                      "1970-01-01T00:00:00.1234567891Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01", "",
                      "2024-01-01T00:00:00+24:00", "1999-12-31T23:59:59.999999999-12:00"])
    func functionsMatchSwift(_ text: String) async throws {
        let database = try await PostgresTestDatabase.fresh()
        let sql = try await Self.scalar(database, "SELECT vigil_date(\(text))")
        #expect(sql == DateTimeOffset(text).map(AlertRecord.sortableDate), "\(text)")
        for word in ["ÜNÏCODE ÄRGER", "ΟΔΟΣ Σ", "straße İstanbul", "ǅemal ﬁne", text] {
            #expect(try await Self.scalar(database, "SELECT vigil_lower(\(word))") == word.lowercased(), "\(word)")
            #expect(try await Self.scalar(database, "SELECT vigil_upper(\(word))") == word.uppercased(), "\(word)")
        }
        await database.close()
    }

    static let workTable = WorkTable(name: "test_work_item", key: "id", ready: "state = 'pending'", order: "due, id")

    @Test("Replicas claiming rows at once get disjoint batches; lapsed and released claims are claimed again")
    func claimRows() async throws {
        let database = try await PostgresTestDatabase.fresh()
        let logger = database.logger
        try await database.withConnection { connection in
            _ = try await connection.query("""
                CREATE TABLE test_work_item (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, state TEXT NOT NULL, due BIGINT NOT NULL,
                    claimed_by TEXT, claimed_until TIMESTAMPTZ)
                """, logger: logger)
            _ = try await connection.query("""
                INSERT INTO test_work_item (id, tenant_id, state, due)
                SELECT 'w' || lpad(n::text, 3, '0'), CASE WHEN n % 10 = 0 THEN 't2' ELSE 't1' END,
                       CASE WHEN n % 7 = 0 THEN 'done' ELSE 'pending' END, 1000 - n
                FROM generate_series(1, 100) AS n
                """, logger: logger)
        }
        // 86 pending rows; eight workers claim batches of 5 at once, in their own transactions, until none is left.
        let batches = try await withThrowingTaskGroup(of: [[String]].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mine: [[String]] = []
                    while true {
                        let batch = try await database.withTransaction { connection in
                            try await PostgresWorkClaims.claimRows(Self.workTable, on: connection, holder: "w\(worker)", limit: 5,
                                                                   ttl: .seconds(60), logger: logger)
                        }
                        if batch.isEmpty { return mine }
                        mine.append(batch)
                    }
                }
            }
            var all: [[String]] = []
            for try await batches in group { all += batches }
            return all
        }
        let claimed = batches.flatMap { $0 }
        #expect(claimed.count == 86)
        #expect(Set(claimed).count == 86)
        for batch in batches {
            // Each batch comes in claim order (due ascending, so higher numbers first).
            #expect(batch == batch.sorted(by: >))
        }
        // Everything is claimed now; releasing and lapsing make rows claimable again, by tenant if asked.
        let none = try await database.withConnection { connection in
            try await PostgresWorkClaims.claimRows(Self.workTable, on: connection, holder: "x", limit: 100, ttl: .seconds(60),
                                                   logger: logger)
        }
        #expect(none.isEmpty)
        let first = try #require(batches.first)
        try await database.withConnection { connection in
            let holder = try await Self.scalar(database, "SELECT claimed_by FROM test_work_item WHERE id = \(first[0])")
            try await PostgresWorkClaims.releaseRows(Self.workTable, on: connection, keys: first, holder: try #require(holder),
                                                     logger: logger)
            _ = try await connection.query("UPDATE test_work_item SET claimed_until = now() - interval '1 second' WHERE id IN ('w010', 'w020')",
                                           logger: logger)
        }
        let t2 = try await database.withConnection { connection in
            try await PostgresWorkClaims.claimRows(Self.workTable, on: connection, holder: "x", limit: 100, ttl: .seconds(60),
                                                   tenantId: "t2", logger: logger)
        }
        // Tenant t2 owns every tenth row: the lapsed two, and whichever of the released batch are its.
        func isT2(_ id: String) -> Bool { Int(id.dropFirst())! % 10 == 0 }
        #expect(t2 == Set(first.filter(isT2) + ["w010", "w020"]).sorted(by: >))
        let rest = try await database.withConnection { connection in
            try await PostgresWorkClaims.claimRows(Self.workTable, on: connection, holder: "x", limit: 100, ttl: .seconds(60),
                                                   logger: logger)
        }
        #expect(Set(rest) == Set(first.filter { !isT2($0) }))
        #expect(!rest.isEmpty || first.allSatisfy(isT2))
        await database.close()
    }

    @Test("Leases raced by many replicas go to exactly one")
    func leaseRace() async throws {
        let store = try await TestStores.postgres()
        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 0..<16 {
                group.addTask { try await store.leases.claim("race", holder: "r\(n)", ttl: .seconds(30)) != nil }
            }
            var count = 0
            for try await won in group where won { count += 1 }
            return count
        }
        #expect(winners == 1)
        await store.close()
    }
}
