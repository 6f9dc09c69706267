import PostgresNIO
import VigilCore

/// Security actions on PostgreSQL, shared by the runners of every replica. `claimDue` is one
/// `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED)`, so runners claiming at once get disjoint actions; due
/// times are the callers' clocks, a claim's lease runs on the database's clock.
public struct PostgresSecurityActionRepository: SecurityActionRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    static let columns = """
        tenant_id, id, app_id, client_request_id, handler, remote_id, next_run_at, attempts, cancel_requested, body
        """

    /// `columns` of the table aliased `s`.
    static let qualifiedColumns = """
        s.tenant_id, s.id, s.app_id, s.client_request_id, s.handler, s.remote_id, s.next_run_at, s.attempts,
        s.cancel_requested, s.body
        """

    static func body(_ action: SecurityAction) -> String {
        String(decoding: JSONWriter.bytes(action.json), as: UTF8.self)
    }

    static func record(_ row: PostgresRandomAccessRow) throws -> SecurityActionRecord {
        guard case .object(let object) = try JSONParser.parse(try row.value("body", as: String.self)) else {
            throw VigilError(.internalError, "A stored security action is not a JSON object.")
        }
        return SecurityActionRecord(tenantId: try row.value("tenant_id"), id: try row.value("id"),
                                    appId: try row.value("app_id"), clientRequestId: try row.value("client_request_id"),
                                    handler: try row.value("handler"), remoteId: try row.value("remote_id"),
                                    nextRunAt: try row.value("next_run_at"), attempts: try row.value("attempts"),
                                    cancelRequested: try row.value("cancel_requested"),
                                    action: SecurityAction(jsonObject: object))
    }

    public func create(_ record: SecurityActionRecord) async throws -> SecurityActionRecord {
        let createdAt = (record.action.createdDateTime ?? .now()).iso8601
        let attempts = Int64(record.attempts)
        let body = Self.body(record.action)
        // A repeated request (same app and client-request-id), even from another replica at the same moment,
        // inserts nothing and finds the action the first one made.
        let inserted = try await database.rows("""
            INSERT INTO security_action (tenant_id, id, app_id, client_request_id, handler, remote_id, next_run_at,
                                         attempts, created_at, body)
            VALUES (\(record.tenantId), \(record.id), \(record.appId), \(record.clientRequestId), \(record.handler),
                    \(record.remoteId), \(record.nextRunAt), \(attempts), \(createdAt), \(body))
            ON CONFLICT (tenant_id, app_id, client_request_id) WHERE client_request_id IS NOT NULL DO NOTHING
            RETURNING id
            """) { _ in true }
        if !inserted.isEmpty { return record }
        guard let request = record.clientRequestId, let existing = try await database.rows("""
            SELECT \(unescaped: Self.columns) FROM security_action
            WHERE tenant_id = \(record.tenantId) AND app_id = \(record.appId) AND client_request_id = \(request)
            """, Self.record).first else {
            throw VigilError(.conflict, "The security action could not be stored; try again.")
        }
        return existing
    }

    public func action(tenantId: String, id: String) async throws -> SecurityActionRecord? {
        try await database.rows("""
            SELECT \(unescaped: Self.columns) FROM security_action WHERE tenant_id = \(tenantId) AND id = \(id)
            """, Self.record).first
    }

    public func actions(tenantId: String, appId: String?) async throws -> [SecurityActionRecord] {
        let query: PostgresQuery = if let appId {
            """
            SELECT \(unescaped: Self.columns) FROM security_action WHERE tenant_id = \(tenantId) AND app_id = \(appId)
            ORDER BY created_at, id
            """
        } else {
            "SELECT \(unescaped: Self.columns) FROM security_action WHERE tenant_id = \(tenantId) ORDER BY created_at, id"
        }
        return try await database.rows(query, Self.record)
    }

    public func claimDue(now: Double, lease: Double, limit: Int) async throws -> [SecurityActionRecord] {
        try await database.rows("""
            UPDATE security_action AS s SET claimed_until = clock_timestamp() + \(lease) * interval '1 second'
            FROM (SELECT tenant_id, id FROM security_action
                  WHERE next_run_at IS NOT NULL AND next_run_at <= \(now)
                    AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
                  ORDER BY next_run_at, tenant_id, id LIMIT \(Int64(limit))
                  FOR UPDATE SKIP LOCKED) AS picked
            WHERE s.tenant_id = picked.tenant_id AND s.id = picked.id
            RETURNING \(unescaped: Self.qualifiedColumns)
            """, Self.record).sorted { ($0.nextRunAt ?? 0, $0.id) < ($1.nextRunAt ?? 0, $1.id) }
    }

    public func save(_ record: SecurityActionRecord, cancelHandled: Bool, now: Double) async throws {
        let attempts = Int64(record.attempts)
        let body = Self.body(record.action)
        try await database.execute("""
            UPDATE security_action SET remote_id = \(record.remoteId), attempts = \(attempts), claimed_until = NULL,
                body = \(body),
                next_run_at = CASE WHEN cancel_requested AND NOT \(cancelHandled) AND \(record.nextRunAt)::float8 IS NOT NULL
                                   THEN \(now) ELSE \(record.nextRunAt)::float8 END,
                cancel_requested = CASE WHEN \(cancelHandled) THEN FALSE ELSE cancel_requested END
            WHERE tenant_id = \(record.tenantId) AND id = \(record.id)
            """)
    }

    public func requestCancel(tenantId: String, id: String, now: Double) async throws -> Bool {
        try await !database.rows("""
            UPDATE security_action SET cancel_requested = TRUE, next_run_at = \(now)
            WHERE tenant_id = \(tenantId) AND id = \(id) AND next_run_at IS NOT NULL
            RETURNING id
            """) { _ in true }.isEmpty
    }

    public func nextDue() async throws -> Double? {
        // Actions another replica is running are not due here until their claim lapses.
        try await database.rows("""
            SELECT MIN(next_run_at) AS next FROM security_action
            WHERE next_run_at IS NOT NULL AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
            """) { try $0.value("next", as: Double?.self) }.first ?? nil
    }
}
