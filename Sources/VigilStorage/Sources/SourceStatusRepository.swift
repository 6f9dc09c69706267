import GRDB
import VigilCore

/// Persisted per-source intake counters (records, malformed, last error, …), so they survive restarts and
/// other processes (`vigil providers list`) can read them. The counters' shape is the server's; stored as
/// a JSON object.
public protocol SourceStatusRepository: Sendable {
    /// Replaces the counters of one source of a tenant.
    func save(tenantId: String, source: String, status: JSONValue, at now: DateTimeOffset) async throws
    /// Every source's counters, by tenant and source name.
    func all() async throws -> [(tenantId: String, source: String, status: JSONValue)]
}

/// Source counters on SQLite.
public struct SQLiteSourceStatusRepository: SourceStatusRepository {
    private let database: VigilDatabase
    static let table = KeyedJSONTable(table: "source_status", keys: ("tenant_id", "source"))

    public init(database: VigilDatabase) {
        self.database = database
    }

    public func save(tenantId: String, source: String, status: JSONValue, at now: DateTimeOffset) async throws {
        try await Self.table.save(tenantId, source, status, at: now, in: database)
    }

    public func all() async throws -> [(tenantId: String, source: String, status: JSONValue)] {
        try await Self.table.all(in: database).map { ($0.first, $0.second, $0.body) }
    }
}
