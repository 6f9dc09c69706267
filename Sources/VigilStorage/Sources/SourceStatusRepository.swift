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

    public init(database: VigilDatabase) {
        self.database = database
    }

    public func save(tenantId: String, source: String, status: JSONValue, at now: DateTimeOffset) async throws {
        let body = JSONWriter.string(status)
        try await database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO source_status (tenant_id, source, body, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(tenant_id, source) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """, arguments: [tenantId, source, body, now.iso8601])
        }
    }

    public func all() async throws -> [(tenantId: String, source: String, status: JSONValue)] {
        let rows = try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT tenant_id, source, body FROM source_status ORDER BY tenant_id, source")
        }
        return try rows.map { row in (row["tenant_id"], row["source"], try JSONParser.parse(row["body"] as String)) }
    }
}
