import Foundation
import GRDB
import PostgresNIO
import VigilCore
import VigilServer
import VigilStorage
import VigilEngine

/// The hand-written side of `vigil bench alerts` on each backend: a plain insert of the same rows into a
/// table like `alert`, and the list query written by hand.
struct AlertsBaseline: Sendable {
    /// Inserts one batch in one transaction.
    let insert: @Sendable ([AlertRecord]) async throws -> Void
    /// `severity eq 'high' and status eq 'newAlert'`, newest first, 50 rows.
    let query: @Sendable () async throws -> [StoredAlert]
    /// Brings planner statistics up to date after the load (PostgreSQL: what autovacuum does within a minute).
    let analyze: @Sendable () async throws -> Void
    /// Removes what the benchmark wrote.
    let finish: @Sendable () async throws -> Void

    static func make(services: VigilServices, tenantId: String, directory: String) async throws -> AlertsBaseline {
        if let postgres = services.store?.postgres { return try await self.postgres(postgres, tenantId: tenantId) }
        let plain = try VigilDatabase(path: (directory as NSString).appendingPathComponent("plain/vigil.sqlite"))
        guard let main = services.database else { throw VigilError(.internalError, "The bench needs a database.") }
        return AlertsBaseline(
            insert: { rows in
                try await plain.pool.write { db in
                    let statement = try db.cachedStatement(sql: """
                        INSERT INTO alert (tenant_id, provider, id, vendor, severity, severity_rank, status, status_rank,
                            category, assigned_to, created_at, event_at, last_modified_at, occurrence_count, ingested_at, body)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                        """)
                    for r in rows {
                        try statement.execute(arguments: [r.tenantId, r.provider, r.id, r.vendor, r.severity, r.severityRank,
                                                          r.status, r.statusRank, r.category, r.assignedTo, r.createdAt,
                                                          r.eventAt, r.lastModifiedAt, r.ingestedAt, r.body])
                    }
                }
            },
            query: {
                try await main.pool.read { db in
                    try Row.fetchAll(db, sql: """
                        SELECT body, occurrence_count FROM alert WHERE tenant_id = ? AND severity = 'high' AND status = 'newalert'
                        ORDER BY created_at DESC, id, provider LIMIT 50
                        """, arguments: [tenantId]).map { row in
                        StoredAlert(body: Array((row["body"] as String).utf8), occurrenceCount: row["occurrence_count"])
                    }
                }
            },
            analyze: {},
            finish: {})
    }

    /// The plain table is `bench_plain_alert`, shaped like `alert` (columns, generated jsonb, indexes), dropped
    /// at the end with the bench tenant's rows.
    static func postgres(_ database: VigilPostgres, tenantId: String) async throws -> AlertsBaseline {
        let logger = database.logger
        try await database.withConnection { connection in
            _ = try await connection.query("DROP TABLE IF EXISTS bench_plain_alert", logger: logger)
            _ = try await connection.query("CREATE TABLE bench_plain_alert (LIKE alert INCLUDING ALL)", logger: logger)
        }
        return AlertsBaseline(
            insert: { rows in
                try await database.withTransaction { connection in
                    try await PostgresAlertRepository.plainInsert(tenantId: tenantId, rows, into: "bench_plain_alert",
                                                                  on: connection, logger: logger)
                }
            },
            query: {
                try await database.withConnection { connection in
                    var out: [StoredAlert] = []
                    let rows = try await connection.query("""
                        SELECT body, occurrence_count FROM alert WHERE tenant_id = \(tenantId) AND severity = 'high'
                            AND status = 'newalert'
                        ORDER BY created_at DESC NULLS LAST, id, provider LIMIT 50
                        """, logger: logger)
                    for try await (body, count) in rows.decode((String, Int64).self) {
                        out.append(StoredAlert(body: Array(body.utf8), occurrenceCount: Int(count)))
                    }
                    return out
                }
            },
            analyze: {
                try await database.withConnection { connection in
                    _ = try await connection.query("ANALYZE alert", logger: logger)
                }
            },
            finish: {
                try await database.withConnection { connection in
                    _ = try await connection.query("DROP TABLE bench_plain_alert", logger: logger)
                    _ = try await connection.query("DELETE FROM alert WHERE tenant_id = \(tenantId)", logger: logger)
                    _ = try await connection.query("DELETE FROM app WHERE tenant_id = \(tenantId)", logger: logger)
                    _ = try await connection.query("DELETE FROM tenant WHERE id = \(tenantId)", logger: logger)
                }
            })
    }
}
