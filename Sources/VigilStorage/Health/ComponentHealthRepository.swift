import GRDB
import PostgresNIO
import VigilCore

/// The last known state of each background component of each replica (a dispatcher round, the action
/// runner, the daily score, a tailed file, …), so `/health` and `vigil status` can show a failure that
/// would otherwise only be logged. Stored as a JSON object per (replica, component).
public protocol ComponentHealthRepository: Sendable {
    /// Replaces the state of one component of one replica.
    func save(replica: String, component: String, state: JSONValue, at now: DateTimeOffset) async throws
    /// Every saved state, by replica and component.
    func all() async throws -> [(replica: String, component: String, state: JSONValue, updatedAt: String)]
}

/// Component states on SQLite.
public struct SQLiteComponentHealthRepository: ComponentHealthRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    public func save(replica: String, component: String, state: JSONValue, at now: DateTimeOffset) async throws {
        let body = JSONWriter.string(state)
        try await database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO component_health (replica, component, body, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(replica, component) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """, arguments: [replica, component, body, now.iso8601])
        }
    }

    public func all() async throws -> [(replica: String, component: String, state: JSONValue, updatedAt: String)] {
        let rows = try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT replica, component, body, updated_at FROM component_health ORDER BY component, replica")
        }
        return try rows.map { row in
            (row["replica"], row["component"], try JSONParser.parse(row["body"] as String), row["updated_at"])
        }
    }
}

/// Component states on PostgreSQL, one row per replica and component.
public struct PostgresComponentHealthRepository: ComponentHealthRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    public func save(replica: String, component: String, state: JSONValue, at now: DateTimeOffset) async throws {
        let body = JSONWriter.string(state)
        try await database.execute("""
            INSERT INTO component_health (replica, component, body, updated_at) VALUES (\(replica), \(component), \(body), \(now.iso8601))
            ON CONFLICT (replica, component) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """)
    }

    public func all() async throws -> [(replica: String, component: String, state: JSONValue, updatedAt: String)] {
        let rows = try await database.rows("SELECT replica, component, body, updated_at FROM component_health ORDER BY component, replica") {
            (try $0.value("replica", as: String.self), try $0.value("component", as: String.self),
             try $0.value("body", as: String.self), try $0.value("updated_at", as: String.self))
        }
        return try rows.map { row in (row.0, row.1, try JSONParser.parse(row.2), row.3) }
    }
}

/// Component states in memory, for tests and the in-memory store.
public actor InMemoryComponentHealthRepository: ComponentHealthRepository {
    private var states: [String: (replica: String, component: String, state: JSONValue, updatedAt: String)] = [:]

    public init() {}

    public func save(replica: String, component: String, state: JSONValue, at now: DateTimeOffset) async throws {
        states[replica + "\u{0}" + component] = (replica, component, state, now.iso8601)
    }

    public func all() async throws -> [(replica: String, component: String, state: JSONValue, updatedAt: String)] {
        states.values.sorted { ($0.component, $0.replica) < ($1.component, $1.replica) }
    }
}
