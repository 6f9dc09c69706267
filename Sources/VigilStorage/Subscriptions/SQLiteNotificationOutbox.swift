import GRDB
import VigilCore

/// The notification outbox on SQLite (one process: claims guard against overlapping dispatch loops and
/// survive only until the next start).
public struct SQLiteNotificationOutbox: NotificationOutbox {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    static let columns = """
        id, tenant_id, subscription_id, kind, change_seq, alert_id, change_type, lifecycle_event, state, attempts,
        created_at, next_attempt_at, last_attempt_at, last_status, last_error, dead_at
        """

    static func entry(_ row: Row) -> OutboxEntry {
        OutboxEntry(id: row["id"], tenantId: row["tenant_id"], subscriptionId: row["subscription_id"],
                    kind: OutboxEntry.Kind(rawValue: row["kind"]) ?? .change, changeSequence: row["change_seq"],
                    alertId: row["alert_id"], changeType: (row["change_type"] as String?).flatMap(AlertChangeType.init),
                    lifecycleEvent: row["lifecycle_event"], state: OutboxEntry.State(rawValue: row["state"]) ?? .pending,
                    attempts: row["attempts"], createdAt: row["created_at"], nextAttemptAt: row["next_attempt_at"],
                    lastAttemptAt: row["last_attempt_at"], lastStatus: row["last_status"], lastError: row["last_error"],
                    deadLetteredAt: row["dead_at"])
    }

    public func claim(now: Double, holder: String, lease: Double, limit: Int) async throws -> [OutboxEntry] {
        try await database.write { db in
            try Row.fetchAll(db, sql: """
                UPDATE notification_outbox SET claimed_by = ?, claimed_until = ?
                WHERE id IN (SELECT id FROM notification_outbox
                             WHERE state = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                             ORDER BY next_attempt_at, id LIMIT ?)
                RETURNING \(Self.columns)
                """, arguments: [holder, now + lease, now, now, limit]).map(Self.entry).sorted { $0.id < $1.id }
        }
    }

    static func log(_ db: Database, _ attempt: DeliveryAttempt) throws {
        try db.execute(sql: """
            INSERT INTO delivery_attempt (tenant_id, subscription_id, kind, attempted_at, status_code, error, notifications,
                                          duration_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [attempt.tenantId, attempt.subscriptionId, attempt.kind.rawValue, attempt.attemptedAt,
                             attempt.statusCode, attempt.error, attempt.notifications, attempt.durationMs])
    }

    public func delivered(_ ids: [Int64], attempt: DeliveryAttempt) async throws {
        try await settle([DeliveryOutcome(attempt: attempt, delivered: ids)])
    }

    public func failed(_ failures: [OutboxFailure], attempt: DeliveryAttempt) async throws {
        try await settle([DeliveryOutcome(attempt: attempt, failures: failures)])
    }

    /// Every outcome of a round in one transaction: deletes what was delivered, reschedules or dead-letters
    /// what failed, and logs each attempt.
    public func settle(_ outcomes: [DeliveryOutcome]) async throws {
        guard !outcomes.isEmpty else { return }
        try await database.write { db in
            let retry = try db.cachedStatement(sql: """
                UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_attempt_at = ?,
                    last_status = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL
                WHERE id = ?
                """)
            let dead = try db.cachedStatement(sql: """
                UPDATE notification_outbox SET attempts = attempts + 1, state = 'dead', dead_at = ?, last_attempt_at = ?,
                    last_status = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL
                WHERE id = ?
                """)
            let delivered = outcomes.flatMap(\.delivered)
            for chunk in delivered.chunked(500) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                try db.execute(sql: "DELETE FROM notification_outbox WHERE id IN (\(marks))", arguments: StatementArguments(chunk))
            }
            for outcome in outcomes {
                let attempt = outcome.attempt
                for failure in outcome.failures {
                    if let at = failure.retryAt {
                        try retry.execute(arguments: [at, attempt.attemptedAt, attempt.statusCode, attempt.error, failure.id])
                    } else {
                        try dead.execute(arguments: [attempt.attemptedAt, attempt.attemptedAt, attempt.statusCode, attempt.error,
                                                     failure.id])
                    }
                }
                try Self.log(db, attempt)
            }
        }
    }

    public func enqueueLifecycle(tenantId: String, subscriptionId: String, event: String, at now: Double) async throws {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO notification_outbox (tenant_id, subscription_id, kind, lifecycle_event, state, created_at,
                                                 next_attempt_at)
                VALUES (?, ?, 'lifecycle', ?, 'pending', ?, ?)
                """, arguments: [tenantId, subscriptionId, event, now, now])
        }
    }

    public func replay(tenantId: String, subscriptionId: String, ids: [Int64]?, at now: Double) async throws -> Int {
        try await database.write { db in
            var sql = """
                UPDATE notification_outbox SET state = 'pending', attempts = 0, created_at = ?, next_attempt_at = ?,
                    dead_at = NULL, claimed_by = NULL, claimed_until = NULL
                WHERE tenant_id = ? AND subscription_id = ? AND state = 'dead'
                """
            var arguments: StatementArguments = [now, now, tenantId, subscriptionId]
            if let ids {
                guard !ids.isEmpty else { return 0 }
                sql += " AND id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))"
                arguments += StatementArguments(ids)
            }
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount
        }
    }

    public func report(tenantId: String, subscriptionId: String, limit: Int) async throws -> DeliveryReport {
        try await database.read { db in
            let key: StatementArguments = [tenantId, subscriptionId]
            let scope = "tenant_id = ? AND subscription_id = ?"
            let counts = try Row.fetchOne(db, sql: """
                SELECT SUM(state = 'pending') AS pending, SUM(state = 'dead') AS dead,
                       MIN(CASE WHEN state = 'pending' THEN next_attempt_at END) AS next
                FROM notification_outbox WHERE \(scope)
                """, arguments: key)
            let attempts = try Row.fetchAll(db, sql: """
                SELECT * FROM delivery_attempt WHERE \(scope) ORDER BY id DESC LIMIT ?
                """, arguments: key + [limit]).map { row in
                DeliveryAttempt(subscriptionId: row["subscription_id"], tenantId: row["tenant_id"],
                                kind: OutboxEntry.Kind(rawValue: row["kind"]) ?? .change, attemptedAt: row["attempted_at"],
                                statusCode: row["status_code"], error: row["error"], notifications: row["notifications"],
                                durationMs: row["duration_ms"])
            }
            let retrying = try Row.fetchAll(db, sql: """
                SELECT \(Self.columns) FROM notification_outbox WHERE \(scope) AND state = 'pending' AND attempts > 0
                ORDER BY id LIMIT ?
                """, arguments: key + [limit]).map(Self.entry)
            let dead = try Row.fetchAll(db, sql: """
                SELECT \(Self.columns) FROM notification_outbox WHERE \(scope) AND state = 'dead' ORDER BY id LIMIT ?
                """, arguments: key + [limit]).map(Self.entry)
            return DeliveryReport(pending: counts?["pending"] ?? 0, deadLettered: counts?["dead"] ?? 0,
                                  nextAttemptAt: counts?["next"], attempts: attempts, retrying: retrying, deadLetters: dead)
        }
    }

    public func nextDue() async throws -> Double? {
        let now = DateTimeOffset.now().epochSeconds
        return try await database.read { db in
            try Double.fetchOne(db, sql: """
                SELECT MIN(next_attempt_at) FROM notification_outbox
                WHERE state = 'pending' AND (claimed_until IS NULL OR claimed_until < ?)
                """, arguments: [now])
        }
    }

    public func recoverClaims() async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE notification_outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by IS NOT NULL")
        }
    }
}

extension Array {
    /// The elements in consecutive slices of at most `size`.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
