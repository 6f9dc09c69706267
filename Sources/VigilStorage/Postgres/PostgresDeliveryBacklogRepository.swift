import PostgresNIO
import VigilCore

/// The delivery backlog on PostgreSQL: the `subscription` and `notification_outbox` tables.
public struct PostgresDeliveryBacklogRepository: DeliveryBacklogRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    public func backlog(tenantId: String, deadSince: Double, pendingBefore: Double, now: Double) async throws -> DeliveryBacklog {
        let expiry = AlertRecord.sortableDate(DateTimeOffset(epochSeconds: now))
        let subscriptions = try await database.rows("""
            SELECT COUNT(*) AS n FROM subscription WHERE tenant_id = \(tenantId) AND expires_at > \(expiry)
            """) { Int(try $0.value("n", as: Int64.self)) }.first ?? 0
        let (dead, stale) = try await database.rows("""
            SELECT COUNT(*) FILTER (WHERE state = 'dead' AND dead_at >= \(deadSince)) AS dead,
                   COUNT(*) FILTER (WHERE state = 'pending' AND created_at < \(pendingBefore)) AS stale
            FROM notification_outbox WHERE tenant_id = \(tenantId)
            """) { (Int(try $0.value("dead", as: Int64.self)), Int(try $0.value("stale", as: Int64.self))) }.first ?? (0, 0)
        return DeliveryBacklog(subscriptions: subscriptions, recentDeadLetters: dead, stalePending: stale)
    }
}
