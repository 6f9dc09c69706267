import GRDB
import VigilCore

/// Security actions on SQLite.
public struct SQLiteSecurityActionRepository: SecurityActionRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    static func body(_ action: SecurityAction) -> String {
        String(decoding: JSONWriter.bytes(action.json), as: UTF8.self)
    }

    static func record(_ row: Row) throws -> SecurityActionRecord {
        guard case .object(let object) = try JSONParser.parse(row["body"] as String) else {
            throw VigilError(.internalError, "A stored security action is not a JSON object.")
        }
        return SecurityActionRecord(tenantId: row["tenant_id"], id: row["id"], appId: row["app_id"],
                                    clientRequestId: row["client_request_id"], handler: row["handler"],
                                    remoteId: row["remote_id"], nextRunAt: row["next_run_at"], attempts: row["attempts"],
                                    cancelRequested: row["cancel_requested"], action: SecurityAction(jsonObject: object))
    }

    public func create(_ record: SecurityActionRecord) async throws -> SecurityActionRecord {
        try await database.write { db in
            if let request = record.clientRequestId,
               let existing = try Row.fetchOne(db, sql: """
                   SELECT * FROM security_action WHERE tenant_id = ? AND app_id = ? AND client_request_id = ?
                   """, arguments: [record.tenantId, record.appId, request]) {
                return try Self.record(existing)
            }
            try db.execute(sql: """
                INSERT INTO security_action (tenant_id, id, app_id, client_request_id, handler, remote_id, next_run_at,
                                             attempts, created_at, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.tenantId, record.id, record.appId, record.clientRequestId, record.handler,
                                 record.remoteId, record.nextRunAt, record.attempts,
                                 (record.action.createdDateTime ?? .now()).iso8601, Self.body(record.action)])
            return record
        }
    }

    public func action(tenantId: String, id: String) async throws -> SecurityActionRecord? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM security_action WHERE tenant_id = ? AND id = ?",
                             arguments: [tenantId, id]).map(Self.record)
        }
    }

    public func actions(tenantId: String, appId: String?) async throws -> [SecurityActionRecord] {
        try await database.read { db in
            var sql = "SELECT * FROM security_action WHERE tenant_id = ?"
            var arguments: StatementArguments = [tenantId]
            if let appId {
                sql += " AND app_id = ?"
                arguments += [appId]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY created_at, id", arguments: arguments).map(Self.record)
        }
    }

    public func claimDue(now: Double, lease: Double, limit: Int) async throws -> [SecurityActionRecord] {
        try await database.write { db in
            try Row.fetchAll(db, sql: """
                UPDATE security_action SET claimed_until = ?
                WHERE rowid IN (SELECT rowid FROM security_action
                                WHERE next_run_at IS NOT NULL AND next_run_at <= ?
                                  AND (claimed_until IS NULL OR claimed_until < ?)
                                ORDER BY next_run_at LIMIT ?)
                RETURNING *
                """, arguments: [now + lease, now, now, limit]).map(Self.record)
        }
    }

    public func save(_ record: SecurityActionRecord, cancelHandled: Bool, now: Double) async throws {
        try await database.write { db in
            try db.execute(sql: """
                UPDATE security_action SET remote_id = ?1, attempts = ?2, claimed_until = NULL, body = ?3,
                    next_run_at = CASE WHEN cancel_requested = 1 AND ?4 = 0 AND ?5 IS NOT NULL THEN ?6 ELSE ?5 END,
                    cancel_requested = CASE WHEN ?4 = 1 THEN 0 ELSE cancel_requested END
                WHERE tenant_id = ?7 AND id = ?8
                """, arguments: [record.remoteId, record.attempts, Self.body(record.action), cancelHandled,
                                 record.nextRunAt, now, record.tenantId, record.id])
        }
    }

    public func requestCancel(tenantId: String, id: String, now: Double) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: """
                UPDATE security_action SET cancel_requested = 1, next_run_at = ?
                WHERE tenant_id = ? AND id = ? AND next_run_at IS NOT NULL
                """, arguments: [now, tenantId, id])
            return db.changesCount > 0
        }
    }

    public func nextDue() async throws -> Double? {
        let now = DateTimeOffset.now().epochSeconds
        return try await database.read { db in
            try Double.fetchOne(db, sql: """
                SELECT MIN(next_run_at) FROM security_action
                WHERE next_run_at IS NOT NULL AND (claimed_until IS NULL OR claimed_until < ?)
                """, arguments: [now])
        }
    }
}
