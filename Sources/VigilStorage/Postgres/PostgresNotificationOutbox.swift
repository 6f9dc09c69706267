import Foundation
import PostgresNIO
import VigilCore

/// The notification outbox on PostgreSQL, shared by the dispatchers of every replica.
///
/// A claim is one `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED)`: dispatchers claiming at the same moment
/// get disjoint entries and never wait for each other. Due times are the callers' clocks (`now`, as written
/// by the alert store); a claim's lease runs on the database's clock, so a replica whose clock is ahead never
/// takes another's live claim. `recoverClaims` releases nothing: another replica's claims are live work, and
/// a dead replica's claims lapse when their lease ends.
public struct PostgresNotificationOutbox: NotificationOutbox {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    static let columns = """
        id, tenant_id, subscription_id, kind, change_seq, alert_id, change_type, lifecycle_event, state, attempts,
        created_at, next_attempt_at, last_attempt_at, last_status, last_error, dead_at
        """

    /// `columns` of the table aliased `o`.
    static let qualifiedColumns = columns.split(separator: ",")
        .map { "o." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")

    static func entry(_ row: PostgresRandomAccessRow) throws -> OutboxEntry {
        OutboxEntry(id: try row.value("id"), tenantId: try row.value("tenant_id"),
                    subscriptionId: try row.value("subscription_id"),
                    kind: OutboxEntry.Kind(rawValue: try row.value("kind")) ?? .change,
                    changeSequence: try row.value("change_seq"), alertId: try row.value("alert_id"),
                    changeType: try row.value("change_type", as: String?.self).flatMap(AlertChangeType.init),
                    lifecycleEvent: try row.value("lifecycle_event"),
                    state: OutboxEntry.State(rawValue: try row.value("state")) ?? .pending,
                    attempts: try row.value("attempts"), createdAt: try row.value("created_at"),
                    nextAttemptAt: try row.value("next_attempt_at"), lastAttemptAt: try row.value("last_attempt_at"),
                    lastStatus: try row.value("last_status"), lastError: try row.value("last_error"),
                    deadLetteredAt: try row.value("dead_at"))
    }

    public func claim(now: Double, holder: String, lease: Double, limit: Int) async throws -> [OutboxEntry] {
        let entries = try await database.rows("""
            UPDATE notification_outbox AS o
            SET claimed_by = \(holder), claimed_until = clock_timestamp() + \(lease) * interval '1 second'
            FROM (SELECT id FROM notification_outbox
                  WHERE state = 'pending' AND next_attempt_at <= \(now)
                    AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
                  ORDER BY next_attempt_at, id LIMIT \(Int64(limit))
                  FOR UPDATE SKIP LOCKED) AS picked
            WHERE o.id = picked.id
            RETURNING \(unescaped: Self.qualifiedColumns)
            """, Self.entry)
        return entries.sorted { $0.id < $1.id }
    }

    static func log(_ connection: PostgresConnection, _ attempt: DeliveryAttempt, logger: Logger) async throws {
        let status = attempt.statusCode.map(Int64.init)
        try await connection.query("""
            INSERT INTO delivery_attempt (tenant_id, subscription_id, kind, attempted_at, status_code, error, notifications,
                                          duration_ms)
            VALUES (\(attempt.tenantId), \(attempt.subscriptionId), \(attempt.kind.rawValue), \(attempt.attemptedAt),
                    \(status), \(attempt.error), \(Int64(attempt.notifications)), \(Int64(attempt.durationMs)))
            """, logger: logger)
    }

    public func delivered(_ ids: [Int64], attempt: DeliveryAttempt) async throws {
        let logger = database.logger
        try await database.withTransaction { connection in
            if !ids.isEmpty {
                try await connection.query("DELETE FROM notification_outbox WHERE id = ANY(\(ids))", logger: logger)
            }
            try await Self.log(connection, attempt, logger: logger)
        }
    }

    public func failed(_ failures: [OutboxFailure], attempt: DeliveryAttempt) async throws {
        let logger = database.logger
        var binds = PostgresBindings(capacity: 6)
        binds.append(failures.map(\.id))
        binds.append(PostgresNullableArray(failures.map(\.retryAt)))
        binds.append(attempt.attemptedAt)
        binds.append(attempt.statusCode.map(Int64.init))
        binds.append(attempt.error)
        let update = PostgresQuery(unsafeSQL: """
            UPDATE notification_outbox AS o SET attempts = o.attempts + 1, last_attempt_at = $3, last_status = $4,
                last_error = $5, claimed_by = NULL, claimed_until = NULL,
                next_attempt_at = COALESCE(f.retry_at, o.next_attempt_at),
                state = CASE WHEN f.retry_at IS NULL THEN 'dead' ELSE o.state END,
                dead_at = CASE WHEN f.retry_at IS NULL THEN $3 ELSE o.dead_at END
            FROM unnest($1::bigint[], $2::float8[]) AS f(id, retry_at)
            WHERE o.id = f.id
            """, binds: binds)
        try await database.withTransaction { connection in
            if !failures.isEmpty { try await connection.query(update, logger: logger) }
            try await Self.log(connection, attempt, logger: logger)
        }
    }

    public func enqueueLifecycle(tenantId: String, subscriptionId: String, event: String, at now: Double) async throws {
        try await database.execute("""
            INSERT INTO notification_outbox (tenant_id, subscription_id, kind, lifecycle_event, state, created_at,
                                             next_attempt_at)
            VALUES (\(tenantId), \(subscriptionId), 'lifecycle', \(event), 'pending', \(now), \(now))
            """)
    }

    public func replay(tenantId: String, subscriptionId: String, ids: [Int64]?, at now: Double) async throws -> Int {
        if let ids, ids.isEmpty { return 0 }
        let replay = """
            UPDATE notification_outbox SET state = 'pending', attempts = 0, created_at = $1, next_attempt_at = $1,
                dead_at = NULL, claimed_by = NULL, claimed_until = NULL
            WHERE tenant_id = $2 AND subscription_id = $3 AND state = 'dead'
            """
        var binds = PostgresBindings(capacity: 4)
        binds.append(now)
        binds.append(tenantId)
        binds.append(subscriptionId)
        var sql = replay
        if let ids {
            binds.append(ids)
            sql += " AND id = ANY($4::bigint[])"
        }
        return try await database.rows(PostgresQuery(unsafeSQL: sql + " RETURNING id", binds: binds)) { _ in 1 }.count
    }

    public func report(tenantId: String, subscriptionId: String, limit: Int) async throws -> DeliveryReport {
        let limit = Int64(limit)
        let counts = try await database.rows("""
            SELECT COUNT(*) FILTER (WHERE state = 'pending') AS pending, COUNT(*) FILTER (WHERE state = 'dead') AS dead,
                   MIN(next_attempt_at) FILTER (WHERE state = 'pending') AS next
            FROM notification_outbox WHERE tenant_id = \(tenantId) AND subscription_id = \(subscriptionId)
            """) { row in
            (Int(try row.value("pending", as: Int64.self)), Int(try row.value("dead", as: Int64.self)),
             try row.value("next", as: Double?.self))
        }.first
        let attempts = try await database.rows("""
            SELECT subscription_id, tenant_id, kind, attempted_at, status_code, error, notifications, duration_ms
            FROM delivery_attempt WHERE tenant_id = \(tenantId) AND subscription_id = \(subscriptionId)
            ORDER BY id DESC LIMIT \(limit)
            """) { row in
            DeliveryAttempt(subscriptionId: try row.value("subscription_id"), tenantId: try row.value("tenant_id"),
                            kind: OutboxEntry.Kind(rawValue: try row.value("kind")) ?? .change,
                            attemptedAt: try row.value("attempted_at"), statusCode: try row.value("status_code"),
                            error: try row.value("error"), notifications: try row.value("notifications"),
                            durationMs: try row.value("duration_ms"))
        }
        let retrying = try await database.rows("""
            SELECT \(unescaped: Self.columns) FROM notification_outbox
            WHERE tenant_id = \(tenantId) AND subscription_id = \(subscriptionId) AND state = 'pending' AND attempts > 0
            ORDER BY id LIMIT \(limit)
            """, Self.entry)
        let dead = try await database.rows("""
            SELECT \(unescaped: Self.columns) FROM notification_outbox
            WHERE tenant_id = \(tenantId) AND subscription_id = \(subscriptionId) AND state = 'dead'
            ORDER BY id LIMIT \(limit)
            """, Self.entry)
        return DeliveryReport(pending: counts?.0 ?? 0, deadLettered: counts?.1 ?? 0, nextAttemptAt: counts?.2,
                              attempts: attempts, retrying: retrying, deadLetters: dead)
    }

    public func nextDue() async throws -> Double? {
        // Entries another replica is delivering are not due here until their claim lapses.
        try await database.rows("""
            SELECT MIN(next_attempt_at) AS next FROM notification_outbox
            WHERE state = 'pending' AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
            """) { try $0.value("next", as: Double?.self) }.first ?? nil
    }

    public func recoverClaims() async throws {
        // Shared by replicas: a live claim is another dispatcher's work in flight; a dead one's lapses.
    }
}
