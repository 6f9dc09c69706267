import PostgresNIO
import VigilCore

/// The change feed on PostgreSQL: the `alert_change` table, joined to the alerts' current JSON. Sequence
/// order is commit order across every replica (see `PostgresChangeLog`).
public struct PostgresAlertChangeFeed: AlertChangeFeed {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    public func changes(tenantId: String?, after: Int64, limit: Int) async throws -> [AlertChangeEntry] {
        let select = """
            SELECT c.seq, c.tenant_id, c.alert_id, c.provider, c.change_type, c.changed_at, a.body, a.occurrence_count
            FROM alert_change AS c
            LEFT JOIN alert AS a ON a.tenant_id = c.tenant_id AND a.id = c.alert_id AND a.provider = c.provider
            """
        var binds = PostgresBindings(capacity: 3)
        binds.append(after)
        binds.append(Int64(limit))
        var sql = select + " WHERE c.seq > $1"
        if let tenantId {
            binds.append(tenantId)
            sql += " AND c.tenant_id = $3"
        }
        sql += " ORDER BY c.seq LIMIT $2"
        return try await database.rows(PostgresQuery(unsafeSQL: sql, binds: binds)) { row in
            let change = AlertChange(sequence: try row.value("seq"), tenantId: try row.value("tenant_id"),
                                     alertId: try row.value("alert_id"), provider: try row.value("provider"),
                                     changeType: AlertChangeType(rawValue: try row.value("change_type")) ?? .updated,
                                     changedAt: DateTimeOffset(try row.value("changed_at", as: String.self)) ?? .now())
            let body = try row.value("body", as: String?.self)
            let count = try row.value("occurrence_count", as: Int64?.self)
            return AlertChangeEntry(change: change, alert: body.map {
                StoredAlert(body: Array($0.utf8), occurrenceCount: Int(count ?? 1))
            })
        }
    }

    public func lastSequence(tenantId: String?) async throws -> Int64 {
        let query: PostgresQuery = if let tenantId {
            "SELECT COALESCE(MAX(seq), 0) AS last FROM alert_change WHERE tenant_id = \(tenantId)"
        } else {
            "SELECT COALESCE(MAX(seq), 0) AS last FROM alert_change"
        }
        return try await database.rows(query) { try $0.value("last", as: Int64.self) }.first ?? 0
    }
}
