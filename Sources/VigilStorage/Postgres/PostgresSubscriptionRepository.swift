import PostgresNIO
import VigilCore

/// Subscriptions on PostgreSQL, shared by every replica: each change bumps the generation in its
/// transaction, so every replica's router reloads.
public struct PostgresSubscriptionRepository: SubscriptionRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    static let columns = """
        tenant_id, id, app_id, resource, change_types, notification_url, lifecycle_url, client_state, signing_secret,
        expires_at, created_at, body
        """

    /// Bumps the generation, after taking the change feed's lock (held until commit): a transaction that
    /// appends changes either commits before this one or, taking the lock after it, reads the new generation and
    /// routes with this change (see `ChangeRouter`).
    static func bumpGeneration(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresChangeLog.lockKey))", logger: logger)
        try await connection.query("UPDATE subscription_generation SET generation = generation + 1 WHERE id = 1", logger: logger)
    }

    static func generation(_ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query("SELECT generation FROM subscription_generation WHERE id = 1", logger: logger)
        for try await generation in rows.decode(Int64.self) { return generation }
        return 0
    }

    /// Brings `router` to the stored generation inside a transaction that holds the change feed's lock,
    /// reading the active subscriptions on that connection when it moved.
    static func synchronize(_ router: any ChangeRouter, _ connection: PostgresConnection, at now: DateTimeOffset,
                            logger: Logger) async throws
    {
        let generation = try await generation(connection, logger: logger)
        guard generation != router.generation else { return }
        var active: [SubscriptionRecord] = []
        for try await row in try await connection.query("""
            SELECT \(unescaped: columns) FROM subscription WHERE expires_at > \(AlertRecord.sortableDate(now))
            ORDER BY tenant_id, created_at, id
            """, logger: logger) {
            active.append(try record(row.makeRandomAccess()))
        }
        router.load(active, generation: generation)
    }

    /// The columns of a record, as binds $1…$12 in `columns` order.
    static func binds(_ s: SubscriptionRecord) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 12)
        binds.append(s.tenantId)
        binds.append(s.id)
        binds.append(s.appId)
        binds.append(s.resource)
        binds.append(s.changeTypes.map(\.rawValue).joined(separator: ","))
        binds.append(s.notificationUrl)
        binds.append(s.lifecycleNotificationUrl)
        binds.append(s.clientState?.revealed)
        binds.append(s.signingSecret?.revealed)
        binds.append(AlertRecord.sortableDate(s.expirationDateTime))
        binds.append(s.createdDateTime.iso8601)
        binds.append(String(decoding: JSONWriter.bytes(s.subscription.json), as: UTF8.self))
        return binds
    }

    static func record(_ row: PostgresRandomAccessRow) throws -> SubscriptionRecord {
        guard case .object(let object) = try JSONParser.parse(try row.value("body", as: String.self)) else {
            throw VigilError(.internalError, "A stored subscription is not a JSON object.")
        }
        let subscription = Subscription(jsonObject: object)
        let types = try row.value("change_types", as: String.self).split(separator: ",")
            .compactMap { AlertChangeType(rawValue: String($0)) }
        return SubscriptionRecord(
            tenantId: try row.value("tenant_id"), id: try row.value("id"), appId: try row.value("app_id"),
            resource: try row.value("resource"), changeTypes: types, notificationUrl: try row.value("notification_url"),
            lifecycleNotificationUrl: try row.value("lifecycle_url"),
            clientState: try row.value("client_state", as: String?.self).map(Secret.init),
            signingSecret: try row.value("signing_secret", as: String?.self).map(Secret.init),
            expirationDateTime: subscription.expirationDateTime ?? DateTimeOffset(secondsSinceEpoch: 0),
            createdDateTime: DateTimeOffset(try row.value("created_at", as: String.self)) ?? DateTimeOffset(secondsSinceEpoch: 0),
            subscription: subscription)
    }

    public func create(_ subscription: SubscriptionRecord) async throws {
        let logger = database.logger
        try await database.withTransaction { connection in
            try await connection.query(PostgresQuery(unsafeSQL: """
                INSERT INTO subscription (\(Self.columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """, binds: Self.binds(subscription)), logger: logger)
            try await Self.bumpGeneration(connection, logger: logger)
        }
    }

    public func subscription(tenantId: String, id: String) async throws -> SubscriptionRecord? {
        try await database.rows("""
            SELECT \(unescaped: Self.columns) FROM subscription WHERE tenant_id = \(tenantId) AND id = \(id)
            """, Self.record).first
    }

    public func subscriptions(tenantId: String, appId: String?) async throws -> [SubscriptionRecord] {
        let query: PostgresQuery = if let appId {
            """
            SELECT \(unescaped: Self.columns) FROM subscription WHERE tenant_id = \(tenantId) AND app_id = \(appId)
            ORDER BY created_at, id
            """
        } else {
            "SELECT \(unescaped: Self.columns) FROM subscription WHERE tenant_id = \(tenantId) ORDER BY created_at, id"
        }
        return try await database.rows(query, Self.record)
    }

    public func active(at now: DateTimeOffset) async throws -> [SubscriptionRecord] {
        let cutoff = AlertRecord.sortableDate(now)
        return try await database.rows("""
            SELECT \(unescaped: Self.columns) FROM subscription WHERE expires_at > \(cutoff) ORDER BY tenant_id, created_at, id
            """, Self.record)
    }

    public func update(_ subscription: SubscriptionRecord) async throws -> Bool {
        let logger = database.logger
        return try await database.withTransaction { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                UPDATE subscription SET app_id = $3, resource = $4, change_types = $5, notification_url = $6,
                    lifecycle_url = $7, client_state = $8, signing_secret = $9, expires_at = $10, created_at = $11,
                    body = $12
                WHERE tenant_id = $1 AND id = $2
                RETURNING id
                """, binds: Self.binds(subscription)), logger: logger)
            var changed = false
            for try await _ in rows { changed = true }
            if changed { try await Self.bumpGeneration(connection, logger: logger) }
            return changed
        }
    }

    public func delete(tenantId: String, id: String) async throws -> Bool {
        let logger = database.logger
        return try await database.withTransaction { connection in
            var deleted = false
            for try await _ in try await connection.query("""
                DELETE FROM subscription WHERE tenant_id = \(tenantId) AND id = \(id) RETURNING id
                """, logger: logger) {
                deleted = true
            }
            guard deleted else { return false }
            try await connection.query("""
                DELETE FROM notification_outbox WHERE tenant_id = \(tenantId) AND subscription_id = \(id)
                """, logger: logger)
            try await Self.bumpGeneration(connection, logger: logger)
            return true
        }
    }

    public func deleteExpired(before cutoff: DateTimeOffset) async throws -> [SubscriptionRecord] {
        let logger = database.logger
        let expiry = AlertRecord.sortableDate(cutoff)
        // One DELETE … RETURNING: replicas sweeping at once each get (and report) a disjoint set.
        return try await database.withTransaction { connection in
            var expired: [SubscriptionRecord] = []
            for try await row in try await connection.query("""
                DELETE FROM subscription AS s WHERE s.expires_at <= \(expiry)
                AND NOT EXISTS (SELECT 1 FROM notification_outbox AS o
                                WHERE o.tenant_id = s.tenant_id AND o.subscription_id = s.id AND o.state = 'pending')
                RETURNING \(unescaped: Self.columns)
                """, logger: logger) {
                expired.append(try Self.record(row.makeRandomAccess()))
            }
            guard !expired.isEmpty else { return [] }
            var binds = PostgresBindings(capacity: 2)
            binds.append(expired.map(\.tenantId))
            binds.append(expired.map(\.id))
            try await connection.query(PostgresQuery(unsafeSQL: """
                DELETE FROM notification_outbox AS o USING unnest($1::text[], $2::text[]) AS s(tenant_id, id)
                WHERE o.tenant_id = s.tenant_id AND o.subscription_id = s.id
                """, binds: binds), logger: logger)
            try await Self.bumpGeneration(connection, logger: logger)
            return expired
        }
    }

    public func generation() async throws -> Int64 {
        try await database.rows("SELECT generation FROM subscription_generation WHERE id = 1") {
            try $0.value("generation", as: Int64.self)
        }.first ?? 0
    }
}
