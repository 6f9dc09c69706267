import GRDB
import VigilCore

/// Secure score snapshots and control state updates on SQLite.
public struct SQLiteSecureScoreRepository: SecureScoreRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    public func save(_ record: SecureScoreRecord) async throws {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO secure_score (tenant_id, day, created_at, current_score, max_score, body, remote_profiles)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(tenant_id, day) DO UPDATE SET created_at = excluded.created_at,
                    current_score = excluded.current_score, max_score = excluded.max_score, body = excluded.body,
                    remote_profiles = excluded.remote_profiles
                """, arguments: [record.tenantId, record.day, record.createdAt.iso8601, record.currentScore,
                                 record.maxScore, record.body, record.remoteProfiles])
        }
    }

    static func record(_ row: Row) -> SecureScoreRecord {
        SecureScoreRecord(tenantId: row["tenant_id"], day: row["day"],
                          createdAt: DateTimeOffset(row["created_at"] as String) ?? DateTimeOffset(secondsSinceEpoch: 0),
                          currentScore: row["current_score"], maxScore: row["max_score"], body: row["body"],
                          remoteProfiles: row["remote_profiles"])
    }

    public func snapshots(tenantId: String, limit: Int?) async throws -> [SecureScoreRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM secure_score WHERE tenant_id = ? ORDER BY day DESC LIMIT ?",
                             arguments: [tenantId, limit ?? -1]).map(Self.record)
        }
    }

    public func snapshot(tenantId: String, day: String) async throws -> SecureScoreRecord? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM secure_score WHERE tenant_id = ? AND day = ?",
                             arguments: [tenantId, day]).map(Self.record)
        }
    }

    public func latestScores() async throws -> [String: Double] {
        try await database.read { db in
            var out: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT s.tenant_id, s.current_score FROM secure_score s
                WHERE s.day = (SELECT MAX(day) FROM secure_score t WHERE t.tenant_id = s.tenant_id)
                """) {
                out[row["tenant_id"]] = row["current_score"]
            }
            return out
        }
    }

    public func appendState(_ record: ControlStateRecord) async throws {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO secure_score_control_state (tenant_id, control_id, updated_at, body) VALUES (?, ?, ?, ?)
                """, arguments: [record.tenantId, record.controlId, record.update.updatedDateTime?.iso8601 ?? "",
                                 record.body])
        }
    }

    public func states(tenantId: String) async throws -> [String: [SecureScoreControlStateUpdate]] {
        let rows = try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT control_id, body FROM secure_score_control_state WHERE tenant_id = ? ORDER BY seq
                """, arguments: [tenantId]).map { (id: $0["control_id"] as String, body: $0["body"] as String) }
        }
        var out: [String: [SecureScoreControlStateUpdate]] = [:]
        for row in rows { out[row.id, default: []].append(try ControlStateRecord.update(fromBody: row.body)) }
        return out
    }
}
