import PostgresNIO
import VigilCore

/// Secure score snapshots and control state updates on PostgreSQL.
public struct PostgresSecureScoreRepository: SecureScoreRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    static let columns = "tenant_id, day, created_at, current_score, max_score, body, remote_profiles"

    static func record(_ row: PostgresRandomAccessRow) throws -> SecureScoreRecord {
        SecureScoreRecord(tenantId: try row.value("tenant_id"), day: try row.value("day"),
                          createdAt: DateTimeOffset(try row.value("created_at", as: String.self))
                              ?? DateTimeOffset(secondsSinceEpoch: 0),
                          currentScore: try row.value("current_score"), maxScore: try row.value("max_score"),
                          body: try row.value("body"), remoteProfiles: try row.value("remote_profiles"))
    }

    public func save(_ record: SecureScoreRecord) async throws {
        try await database.execute("""
            INSERT INTO secure_score (tenant_id, day, created_at, current_score, max_score, body, remote_profiles)
            VALUES (\(record.tenantId), \(record.day), \(record.createdAt.iso8601), \(record.currentScore),
                    \(record.maxScore), \(record.body), \(record.remoteProfiles))
            ON CONFLICT (tenant_id, day) DO UPDATE SET created_at = excluded.created_at,
                current_score = excluded.current_score, max_score = excluded.max_score, body = excluded.body,
                remote_profiles = excluded.remote_profiles
            """)
    }

    public func snapshots(tenantId: String, limit: Int?) async throws -> [SecureScoreRecord] {
        let limit = limit.map(Int64.init)
        return try await database.rows("""
            SELECT \(unescaped: Self.columns) FROM secure_score WHERE tenant_id = \(tenantId) ORDER BY day DESC LIMIT \(limit)
            """, Self.record)
    }

    public func snapshot(tenantId: String, day: String) async throws -> SecureScoreRecord? {
        try await database.rows("""
            SELECT \(unescaped: Self.columns) FROM secure_score WHERE tenant_id = \(tenantId) AND day = \(day)
            """, Self.record).first
    }

    public func latestScores() async throws -> [String: Double] {
        let rows = try await database.rows("""
            SELECT DISTINCT ON (tenant_id) tenant_id, current_score FROM secure_score ORDER BY tenant_id, day DESC
            """) { (try $0.value("tenant_id", as: String.self), try $0.value("current_score", as: Double.self)) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    public func appendState(_ record: ControlStateRecord) async throws {
        let updatedAt = record.update.updatedDateTime?.iso8601 ?? ""
        try await database.execute("""
            INSERT INTO secure_score_control_state (tenant_id, control_id, updated_at, body)
            VALUES (\(record.tenantId), \(record.controlId), \(updatedAt), \(record.body))
            """)
    }

    public func states(tenantId: String) async throws -> [String: [SecureScoreControlStateUpdate]] {
        let rows = try await database.rows("""
            SELECT control_id, body FROM secure_score_control_state WHERE tenant_id = \(tenantId) ORDER BY seq
            """) { (id: try $0.value("control_id", as: String.self), body: try $0.value("body", as: String.self)) }
        var out: [String: [SecureScoreControlStateUpdate]] = [:]
        for row in rows { out[row.id, default: []].append(try ControlStateRecord.update(fromBody: row.body)) }
        return out
    }
}
