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
        try await SQLiteSourceStatusRepository.table.save(tenantId, source, status, at: now, in: database)
    }

    public func all() async throws -> [(tenantId: String, source: String, status: JSONValue)] {
        try await SQLiteSourceStatusRepository.table.all(in: database).map { ($0.first, $0.second, $0.body) }
    }
}
