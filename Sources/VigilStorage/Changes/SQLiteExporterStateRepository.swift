import GRDB
import VigilCore

/// Exporter cursors and health on SQLite.
public struct SQLiteExporterStateRepository: ExporterStateRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    public func state(name: String) async throws -> ExporterState? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM exporter_state WHERE name = ?", arguments: [name]).map(Self.state)
        }
    }

    public func save(name: String, _ state: ExporterState) async throws {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO exporter_state (name, cursor, exported, last_success_at, last_error, last_error_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET cursor = excluded.cursor, exported = excluded.exported,
                    last_success_at = excluded.last_success_at, last_error = excluded.last_error,
                    last_error_at = excluded.last_error_at, updated_at = excluded.updated_at
                """, arguments: [name, state.cursor, state.exported, state.lastSuccessAt?.iso8601, state.lastError,
                                 state.lastErrorAt?.iso8601, DateTimeOffset.now().iso8601])
        }
    }

    public func all() async throws -> [String: ExporterState] {
        try await database.read { db in
            var states: [String: ExporterState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM exporter_state") {
                states[row["name"]] = Self.state(row)
            }
            return states
        }
    }

    static func state(_ row: Row) -> ExporterState {
        ExporterState(cursor: row["cursor"], exported: row["exported"],
                      lastSuccessAt: (row["last_success_at"] as String?).flatMap(DateTimeOffset.init),
                      lastError: row["last_error"],
                      lastErrorAt: (row["last_error_at"] as String?).flatMap(DateTimeOffset.init))
    }
}
