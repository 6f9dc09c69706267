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
    /// Ordered by component first, then replica.
    static let table = KeyedJSONTable(table: "component_health", keys: ("component", "replica"))

    public init(database: VigilDatabase) {
        self.database = database
    }

    public func save(replica: String, component: String, state: JSONValue, at now: DateTimeOffset) async throws {
        try await Self.table.save(component, replica, state, at: now, in: database)
    }

    public func all() async throws -> [(replica: String, component: String, state: JSONValue, updatedAt: String)] {
        try await Self.table.all(in: database).map { ($0.second, $0.first, $0.body, $0.updatedAt) }
    }
}

/// Component states on PostgreSQL, one row per replica and component.
public struct PostgresComponentHealthRepository: ComponentHealthRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    public func save(replica: String, component: String, state: JSONValue, at now: DateTimeOffset) async throws {
        try await SQLiteComponentHealthRepository.table.save(component, replica, state, at: now, in: database)
    }

    public func all() async throws -> [(replica: String, component: String, state: JSONValue, updatedAt: String)] {
        try await SQLiteComponentHealthRepository.table.all(in: database).map { ($0.second, $0.first, $0.body, $0.updatedAt) }
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
