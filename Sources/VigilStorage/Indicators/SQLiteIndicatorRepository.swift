import Foundation
import GRDB
import VigilCore

/// Threat indicators in SQLite. Every statement is scoped by tenant, and by owner where the API is.
public struct SQLiteIndicatorRepository: IndicatorRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    /// Stores new indicators (ids and stamps already set) owned by `appId`.
    public func create(tenantId: String, appId: String, _ indicators: [TiIndicator], at now: DateTimeOffset) async throws {
        guard !indicators.isEmpty else { return }
        try await database.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO ti_indicator (tenant_id, id, app_id, external_id, action, is_active, expires_at, ingested_at, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for indicator in indicators {
                try statement.execute(arguments: Self.arguments(tenantId: tenantId, appId: appId, indicator, now: now))
            }
            try Self.bump(db, tenantId: tenantId)
        }
    }

    static func arguments(tenantId: String, appId: String, _ t: TiIndicator, now: DateTimeOffset) -> StatementArguments {
        [tenantId, t.id ?? "", appId, t.externalId, t.action.map { AlertRecord.enumKey($0.rawValue) },
         t.isActive == false ? 0 : 1, t.expirationDateTime.map(AlertRecord.sortableDate), AlertRecord.sortableDate(now),
         IndicatorBody.encode(t)]
    }

    private static func bump(_ db: Database, tenantId: String) throws {
        try db.execute(sql: """
            INSERT INTO ti_generation (tenant_id, generation) VALUES (?, 1)
            ON CONFLICT(tenant_id) DO UPDATE SET generation = generation + 1
            """, arguments: [tenantId])
    }

    /// The indicators `appId` owns in the tenant, oldest first.
    public func owned(tenantId: String, appId: String) async throws -> [TiIndicator] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM ti_indicator WHERE tenant_id = ? AND app_id = ? ORDER BY ingested_at, id",
                                arguments: [tenantId, appId]).map { try IndicatorBody.decode($0) }
        }
    }

    /// One indicator the app owns.
    public func get(tenantId: String, appId: String, id: String) async throws -> TiIndicator? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM ti_indicator WHERE tenant_id = ? AND app_id = ? AND id = ?",
                                arguments: [tenantId, appId, id]).map { try IndicatorBody.decode($0) }
        }
    }

    /// Applies `change` to an indicator the app owns; `nil` when there is none.
    public func update(tenantId: String, appId: String, id: String, at now: DateTimeOffset,
                       _ change: @Sendable (inout TiIndicator) throws -> Void) async throws -> TiIndicator? {
        try await database.write { db in
            guard let body = try String.fetchOne(db, sql: """
                SELECT body FROM ti_indicator WHERE tenant_id = ? AND app_id = ? AND id = ?
                """, arguments: [tenantId, appId, id]) else { return nil }
            var indicator = try IndicatorBody.decode(body)
            try change(&indicator)
            try db.execute(sql: """
                UPDATE ti_indicator SET external_id = ?, action = ?, is_active = ?, expires_at = ?, body = ?
                WHERE tenant_id = ? AND app_id = ? AND id = ?
                """, arguments: [indicator.externalId, indicator.action.map { AlertRecord.enumKey($0.rawValue) },
                                 indicator.isActive == false ? 0 : 1,
                                 indicator.expirationDateTime.map(AlertRecord.sortableDate), IndicatorBody.encode(indicator),
                                 tenantId, appId, id])
            try Self.bump(db, tenantId: tenantId)
            return indicator
        }
    }

    /// Deletes indicators the app owns by id; returns, per id, whether it existed.
    public func delete(tenantId: String, appId: String, ids: [String]) async throws -> [Bool] {
        try await database.write { db in
            var out: [Bool] = []
            for id in ids {
                try db.execute(sql: "DELETE FROM ti_indicator WHERE tenant_id = ? AND app_id = ? AND id = ?",
                               arguments: [tenantId, appId, id])
                out.append(db.changesCount > 0)
            }
            if out.contains(true) { try Self.bump(db, tenantId: tenantId) }
            return out
        }
    }

    /// Deletes indicators the app owns by `externalId`; returns, per external id, how many were deleted.
    public func delete(tenantId: String, appId: String, externalIds: [String]) async throws -> [Int] {
        try await database.write { db in
            var out: [Int] = []
            for externalId in externalIds {
                try db.execute(sql: "DELETE FROM ti_indicator WHERE tenant_id = ? AND app_id = ? AND external_id = ?",
                               arguments: [tenantId, appId, externalId])
                out.append(db.changesCount)
            }
            if out.contains(where: { $0 > 0 }) { try Self.bump(db, tenantId: tenantId) }
            return out
        }
    }

    /// Every active, unexpired indicator of a tenant, whoever owns it (what events are matched against),
    /// optionally only those with one action. Read one at a time: a tenant's million indicators are never
    /// all in memory at once.
    public func forEachActive<T: Sendable>(tenantId: String, action: String?, at now: DateTimeOffset, into initial: T,
                                           _ body: @Sendable (inout T, TiIndicator) -> Void) async throws -> T {
        try await database.read { db in
            var sql = """
                SELECT body FROM ti_indicator
                WHERE tenant_id = ? AND is_active = 1 AND (expires_at IS NULL OR expires_at > ?)
                """
            var arguments: StatementArguments = [tenantId, AlertRecord.sortableDate(now)]
            if let action {
                sql += " AND action = ?"
                arguments += [action]
            }
            var result = initial
            let cursor = try String.fetchCursor(db, sql: sql, arguments: arguments)
            while let text = try cursor.next() { body(&result, try IndicatorBody.decode(text)) }
            return result
        }
    }

    /// One indicator of the tenant, whoever owns it (to describe a match).
    public func indicator(tenantId: String, id: String) async throws -> TiIndicator? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM ti_indicator WHERE tenant_id = ? AND id = ?",
                                arguments: [tenantId, id]).map { try IndicatorBody.decode($0) }
        }
    }

    /// The change counter of a tenant's indicators (0 before any change).
    public func generation(tenantId: String) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT generation FROM ti_generation WHERE tenant_id = ?", arguments: [tenantId]) ?? 0
        }
    }

    /// Deletes indicators expired before `cutoff` (retention); returns how many.
    public func purge(expiredBefore cutoff: DateTimeOffset) async throws -> Int {
        try await database.write { db in
            let tenants = try String.fetchAll(db, sql: "SELECT DISTINCT tenant_id FROM ti_indicator WHERE expires_at < ?",
                                              arguments: [AlertRecord.sortableDate(cutoff)])
            try db.execute(sql: "DELETE FROM ti_indicator WHERE expires_at < ?", arguments: [AlertRecord.sortableDate(cutoff)])
            let count = db.changesCount
            for tenant in tenants { try Self.bump(db, tenantId: tenant) }
            return count
        }
    }
}
