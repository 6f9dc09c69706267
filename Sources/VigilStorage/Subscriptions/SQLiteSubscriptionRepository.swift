import GRDB
import VigilCore

/// Subscriptions on SQLite.
public struct SQLiteSubscriptionRepository: SubscriptionRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    static func bumpGeneration(_ db: Database) throws {
        try db.execute(sql: "UPDATE subscription_generation SET generation = generation + 1 WHERE id = 1")
    }

    static func arguments(_ s: SubscriptionRecord) -> StatementArguments {
        [s.tenantId, s.id, s.appId, s.resource, s.changeTypes.map(\.rawValue).joined(separator: ","), s.notificationUrl,
         s.lifecycleNotificationUrl, s.clientState?.revealed, s.signingSecret?.revealed,
         AlertRecord.sortableDate(s.expirationDateTime), s.createdDateTime.iso8601,
         String(decoding: JSONWriter.bytes(s.subscription.json), as: UTF8.self)]
    }

    public func create(_ subscription: SubscriptionRecord) async throws {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO subscription (tenant_id, id, app_id, resource, change_types, notification_url, lifecycle_url,
                                          client_state, signing_secret, expires_at, created_at, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: Self.arguments(subscription))
            try Self.bumpGeneration(db)
        }
    }

    static func record(_ row: Row) throws -> SubscriptionRecord {
        let body: String = row["body"]
        guard case .object(let object) = try JSONParser.parse(body) else {
            throw VigilError(.internalError, "A stored subscription is not a JSON object.")
        }
        let subscription = Subscription(jsonObject: object)
        let types = (row["change_types"] as String).split(separator: ",").compactMap { AlertChangeType(rawValue: String($0)) }
        return SubscriptionRecord(
            tenantId: row["tenant_id"], id: row["id"], appId: row["app_id"], resource: row["resource"], changeTypes: types,
            notificationUrl: row["notification_url"], lifecycleNotificationUrl: row["lifecycle_url"],
            clientState: (row["client_state"] as String?).map(Secret.init),
            signingSecret: (row["signing_secret"] as String?).map(Secret.init),
            expirationDateTime: subscription.expirationDateTime ?? DateTimeOffset(secondsSinceEpoch: 0),
            createdDateTime: DateTimeOffset(row["created_at"] as String) ?? DateTimeOffset(secondsSinceEpoch: 0),
            subscription: subscription)
    }

    public func subscription(tenantId: String, id: String) async throws -> SubscriptionRecord? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM subscription WHERE tenant_id = ? AND id = ?",
                             arguments: [tenantId, id]).map(Self.record)
        }
    }

    public func subscriptions(tenantId: String, appId: String?) async throws -> [SubscriptionRecord] {
        try await database.read { db in
            var sql = "SELECT * FROM subscription WHERE tenant_id = ?"
            var arguments: StatementArguments = [tenantId]
            if let appId {
                sql += " AND app_id = ?"
                arguments += [appId]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY created_at, id", arguments: arguments).map(Self.record)
        }
    }

    public func active(at now: DateTimeOffset) async throws -> [SubscriptionRecord] {
        try await database.read { db in try Self.active(db, at: now) }
    }

    static func active(_ db: Database, at now: DateTimeOffset) throws -> [SubscriptionRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM subscription WHERE expires_at > ? ORDER BY tenant_id, created_at, id",
                         arguments: [AlertRecord.sortableDate(now)]).map(Self.record)
    }

    static func generation(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT generation FROM subscription_generation WHERE id = 1")) ?? 0
    }

    /// Brings `router` to the stored generation inside a write transaction, reading the active subscriptions
    /// there when it moved. The write lock orders this read after every committed subscription change.
    static func synchronize(_ router: any ChangeRouter, _ db: Database, at now: DateTimeOffset) throws {
        let generation = try generation(db)
        guard generation != router.generation else { return }
        router.load(try active(db, at: now), generation: generation)
    }

    public func update(_ subscription: SubscriptionRecord) async throws -> Bool {
        try await database.write { db in
            let arguments = Self.arguments(subscription)
            try db.execute(sql: """
                UPDATE subscription SET app_id = ?3, resource = ?4, change_types = ?5, notification_url = ?6,
                    lifecycle_url = ?7, client_state = ?8, signing_secret = ?9, expires_at = ?10, created_at = ?11,
                    body = ?12
                WHERE tenant_id = ?1 AND id = ?2
                """, arguments: arguments)
            let changed = db.changesCount > 0
            if changed { try Self.bumpGeneration(db) }
            return changed
        }
    }

    public func delete(tenantId: String, id: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM subscription WHERE tenant_id = ? AND id = ?", arguments: [tenantId, id])
            let deleted = db.changesCount > 0
            if deleted {
                try db.execute(sql: "DELETE FROM notification_outbox WHERE tenant_id = ? AND subscription_id = ?",
                               arguments: [tenantId, id])
                try Self.bumpGeneration(db)
            }
            return deleted
        }
    }

    public func deleteExpired(before cutoff: DateTimeOffset) async throws -> [SubscriptionRecord] {
        try await database.write { db in
            let expired = try Row.fetchAll(db, sql: """
                SELECT * FROM subscription AS s WHERE s.expires_at <= ?
                AND NOT EXISTS (SELECT 1 FROM notification_outbox AS o
                                WHERE o.tenant_id = s.tenant_id AND o.subscription_id = s.id AND o.state = 'pending')
                """, arguments: [AlertRecord.sortableDate(cutoff)]).map(Self.record)
            for s in expired {
                try db.execute(sql: "DELETE FROM subscription WHERE tenant_id = ? AND id = ?", arguments: [s.tenantId, s.id])
                try db.execute(sql: "DELETE FROM notification_outbox WHERE tenant_id = ? AND subscription_id = ?",
                               arguments: [s.tenantId, s.id])
            }
            if !expired.isEmpty { try Self.bumpGeneration(db) }
            return expired
        }
    }

    public func generation() async throws -> Int64 {
        try await database.read { db in try Self.generation(db) }
    }
}
