import PostgresNIO
import VigilCore

/// Exporter cursors and health on PostgreSQL, shared by every replica (the one holding an exporter's lease
/// reads and saves its state).
public struct PostgresExporterStateRepository: ExporterStateRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    static let columns = "name, cursor, exported, last_success_at, last_error, last_error_at"

    static func state(_ row: PostgresRandomAccessRow) throws -> (String, ExporterState) {
        (try row.value("name"),
         ExporterState(cursor: try row.value("cursor"), exported: try row.value("exported"),
                       lastSuccessAt: try row.value("last_success_at", as: String?.self).flatMap(DateTimeOffset.init),
                       lastError: try row.value("last_error"),
                       lastErrorAt: try row.value("last_error_at", as: String?.self).flatMap(DateTimeOffset.init)))
    }

    public func state(name: String) async throws -> ExporterState? {
        try await database.rows("SELECT \(unescaped: Self.columns) FROM exporter_state WHERE name = \(name)", Self.state)
            .first?.1
    }

    public func save(name: String, _ state: ExporterState) async throws {
        let now = DateTimeOffset.now().iso8601
        try await database.execute("""
            INSERT INTO exporter_state (name, cursor, exported, last_success_at, last_error, last_error_at, updated_at)
            VALUES (\(name), \(state.cursor), \(state.exported), \(state.lastSuccessAt?.iso8601), \(state.lastError),
                    \(state.lastErrorAt?.iso8601), \(now))
            ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, exported = excluded.exported,
                last_success_at = excluded.last_success_at, last_error = excluded.last_error,
                last_error_at = excluded.last_error_at, updated_at = excluded.updated_at
            """)
    }

    public func all() async throws -> [String: ExporterState] {
        let rows = try await database.rows("SELECT \(unescaped: Self.columns) FROM exporter_state", Self.state)
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
