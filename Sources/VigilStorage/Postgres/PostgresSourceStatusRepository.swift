import PostgresNIO
import VigilCore

/// Source counters on PostgreSQL, shared by every replica (each source's counters are saved by the replica
/// that last processed its records).
public struct PostgresSourceStatusRepository: SourceStatusRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    public func save(tenantId: String, source: String, status: JSONValue, at now: DateTimeOffset) async throws {
        let body = JSONWriter.string(status)
        try await database.execute("""
            INSERT INTO source_status (tenant_id, source, body, updated_at) VALUES (\(tenantId), \(source), \(body), \(now.iso8601))
            ON CONFLICT (tenant_id, source) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """)
    }

    public func all() async throws -> [(tenantId: String, source: String, status: JSONValue)] {
        let rows = try await database.rows("SELECT tenant_id, source, body FROM source_status ORDER BY tenant_id, source") {
            (try $0.value("tenant_id", as: String.self), try $0.value("source", as: String.self), try $0.value("body", as: String.self))
        }
        return try rows.map { row in (row.0, row.1, try JSONParser.parse(row.2)) }
    }
}
