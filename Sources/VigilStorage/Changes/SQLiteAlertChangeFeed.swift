import GRDB
import VigilCore

/// The change feed on SQLite: the `alert_change` table, joined to the alerts' current JSON.
public struct SQLiteAlertChangeFeed: AlertChangeFeed {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    public func changes(tenantId: String?, after: Int64, limit: Int) async throws -> [AlertChangeEntry] {
        try await database.read { db in
            var sql = """
                SELECT c.seq, c.tenant_id, c.alert_id, c.provider, c.change_type, c.changed_at, a.body, a.occurrence_count
                FROM alert_change AS c
                LEFT JOIN alert AS a ON a.tenant_id = c.tenant_id AND a.id = c.alert_id AND a.provider = c.provider
                WHERE c.seq > ?
                """
            var arguments: StatementArguments = [after]
            if let tenantId {
                sql += " AND c.tenant_id = ?"
                arguments += [tenantId]
            }
            sql += " ORDER BY c.seq LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.entry)
        }
    }

    static func entry(_ row: Row) -> AlertChangeEntry {
        let change = AlertChange(sequence: row["seq"], tenantId: row["tenant_id"], alertId: row["alert_id"],
                                 provider: row["provider"],
                                 changeType: AlertChangeType(rawValue: row["change_type"]) ?? .updated,
                                 changedAt: DateTimeOffset(row["changed_at"] as String) ?? .now())
        let body: String? = row["body"]
        return AlertChangeEntry(change: change, alert: body.map {
            StoredAlert(body: Array($0.utf8), occurrenceCount: row["occurrence_count"] ?? 1)
        })
    }

    public func lastSequence(tenantId: String?) async throws -> Int64 {
        try await database.read { db in
            if let tenantId {
                return try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM alert_change WHERE tenant_id = ?",
                                          arguments: [tenantId]) ?? 0
            }
            return try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM alert_change") ?? 0
        }
    }
}
