import GRDB
import VigilCore

/// The delivery backlog on SQLite: the `subscription` and `notification_outbox` tables.
public struct SQLiteDeliveryBacklogRepository: DeliveryBacklogRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    public func backlog(tenantId: String, deadSince: Double, pendingBefore: Double, now: Double) async throws -> DeliveryBacklog {
        let expiry = AlertRecord.sortableDate(DateTimeOffset(epochSeconds: now))
        return try await database.read { db in
            let subscriptions = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM subscription WHERE tenant_id = ? AND expires_at > ?
                """, arguments: [tenantId, expiry]) ?? 0
            let row = try Row.fetchOne(db, sql: """
                SELECT SUM(state = 'dead' AND dead_at >= ?) AS dead, SUM(state = 'pending' AND created_at < ?) AS stale
                FROM notification_outbox WHERE tenant_id = ?
                """, arguments: [deadSince, pendingBefore, tenantId])
            return DeliveryBacklog(subscriptions: subscriptions, recentDeadLetters: row?["dead"] ?? 0,
                                   stalePending: row?["stale"] ?? 0)
        }
    }
}
