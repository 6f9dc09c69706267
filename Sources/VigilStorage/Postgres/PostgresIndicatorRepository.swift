import PostgresNIO
import VigilCore

/// Threat indicators in PostgreSQL. Every statement is scoped by tenant, and by owner where the API is;
/// every change bumps the tenant's generation in the same transaction, so matchers in every replica notice.
public struct PostgresIndicatorRepository: IndicatorRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    private var logger: Logger { database.logger }

    private static func bump(_ connection: PostgresConnection, tenantId: String, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO ti_generation (tenant_id, generation) VALUES (\(tenantId), 1)
            ON CONFLICT (tenant_id) DO UPDATE SET generation = ti_generation.generation + 1
            """, logger: logger)
    }

    private func bodies(_ query: PostgresQuery) async throws -> [TiIndicator] {
        try await database.withConnection { connection in
            var out: [TiIndicator] = []
            for try await body in try await connection.query(query, logger: logger).decode(String.self) {
                out.append(try IndicatorBody.decode(body))
            }
            return out
        }
    }

    public func create(tenantId: String, appId: String, _ indicators: [TiIndicator], at now: DateTimeOffset) async throws {
        guard !indicators.isEmpty else { return }
        let ids = indicators.map { $0.id ?? "" }
        let externalIds = PostgresNullableArray(indicators.map(\.externalId))
        let actions = PostgresNullableArray(indicators.map(IndicatorBody.action))
        let active = indicators.map { $0.isActive != false }
        let expires = PostgresNullableArray(indicators.map { $0.expirationDateTime.map(AlertRecord.sortableDate) })
        let bodies = indicators.map(IndicatorBody.encode)
        let ingested = AlertRecord.sortableDate(now)
        try await database.withTransaction { connection in
            try await connection.query("""
                INSERT INTO ti_indicator (tenant_id, id, app_id, external_id, action, is_active, expires_at, ingested_at, body)
                SELECT \(tenantId), r.id, \(appId), r.external_id, r.action, r.is_active, r.expires_at, \(ingested), r.body
                FROM unnest(\(ids)::text[], \(externalIds)::text[], \(actions)::text[], \(active)::boolean[],
                            \(expires)::text[], \(bodies)::text[])
                     AS r(id, external_id, action, is_active, expires_at, body)
                """, logger: logger)
            try await Self.bump(connection, tenantId: tenantId, logger: logger)
        }
    }

    public func owned(tenantId: String, appId: String) async throws -> [TiIndicator] {
        try await bodies("""
            SELECT body FROM ti_indicator WHERE tenant_id = \(tenantId) AND app_id = \(appId) ORDER BY ingested_at, id
            """)
    }

    public func get(tenantId: String, appId: String, id: String) async throws -> TiIndicator? {
        try await bodies("SELECT body FROM ti_indicator WHERE tenant_id = \(tenantId) AND app_id = \(appId) AND id = \(id)").first
    }

    public func update(tenantId: String, appId: String, id: String, at now: DateTimeOffset,
                       _ change: @Sendable (inout TiIndicator) throws -> Void) async throws -> TiIndicator? {
        try await database.withTransaction { connection in
            var body: String?
            for try await text in try await connection.query("""
                SELECT body FROM ti_indicator WHERE tenant_id = \(tenantId) AND app_id = \(appId) AND id = \(id) FOR UPDATE
                """, logger: logger).decode(String.self) {
                body = text
            }
            guard let body else { return nil }
            var indicator = try IndicatorBody.decode(body)
            try change(&indicator)
            let action = IndicatorBody.action(indicator)
            let active = indicator.isActive != false
            let expires = indicator.expirationDateTime.map(AlertRecord.sortableDate)
            let text = IndicatorBody.encode(indicator)
            try await connection.query("""
                UPDATE ti_indicator SET external_id = \(indicator.externalId), action = \(action), is_active = \(active),
                    expires_at = \(expires), body = \(text)
                WHERE tenant_id = \(tenantId) AND app_id = \(appId) AND id = \(id)
                """, logger: logger)
            try await Self.bump(connection, tenantId: tenantId, logger: logger)
            return indicator
        }
    }

    public func delete(tenantId: String, appId: String, ids: [String]) async throws -> [Bool] {
        try await database.withTransaction { connection in
            var deleted: Set<String> = []
            for try await id in try await connection.query("""
                DELETE FROM ti_indicator WHERE tenant_id = \(tenantId) AND app_id = \(appId) AND id = ANY(\(ids)::text[])
                RETURNING id
                """, logger: logger).decode(String.self) {
                deleted.insert(id)
            }
            if !deleted.isEmpty { try await Self.bump(connection, tenantId: tenantId, logger: logger) }
            // An id named twice existed once: the first mention reports it.
            var reported: Set<String> = []
            return ids.map { id in deleted.contains(id) && reported.insert(id).inserted }
        }
    }

    public func delete(tenantId: String, appId: String, externalIds: [String]) async throws -> [Int] {
        try await database.withTransaction { connection in
            var counts: [String: Int] = [:]
            for try await externalId in try await connection.query("""
                DELETE FROM ti_indicator
                WHERE tenant_id = \(tenantId) AND app_id = \(appId) AND external_id = ANY(\(externalIds)::text[])
                RETURNING external_id
                """, logger: logger).decode(String.self) {
                counts[externalId, default: 0] += 1
            }
            if !counts.isEmpty { try await Self.bump(connection, tenantId: tenantId, logger: logger) }
            var reported: Set<String> = []
            return externalIds.map { reported.insert($0).inserted ? counts[$0] ?? 0 : 0 }
        }
    }

    public func forEachActive<T: Sendable>(tenantId: String, action: String?, at now: DateTimeOffset, into initial: T,
                                           _ body: @Sendable (inout T, TiIndicator) -> Void) async throws -> T {
        let cutoff = AlertRecord.sortableDate(now)
        return try await database.withConnection { connection in
            let rows: PostgresRowSequence
            if let action {
                rows = try await connection.query("""
                    SELECT body FROM ti_indicator
                    WHERE tenant_id = \(tenantId) AND is_active AND (expires_at IS NULL OR expires_at > \(cutoff))
                      AND action = \(action)
                    """, logger: logger)
            } else {
                rows = try await connection.query("""
                    SELECT body FROM ti_indicator
                    WHERE tenant_id = \(tenantId) AND is_active AND (expires_at IS NULL OR expires_at > \(cutoff))
                    """, logger: logger)
            }
            var result = initial
            for try await text in rows.decode(String.self) { body(&result, try IndicatorBody.decode(text)) }
            return result
        }
    }

    public func indicator(tenantId: String, id: String) async throws -> TiIndicator? {
        try await bodies("SELECT body FROM ti_indicator WHERE tenant_id = \(tenantId) AND id = \(id)").first
    }

    public func generation(tenantId: String) async throws -> Int {
        try await database.withConnection { connection in
            for try await n in try await connection.query(
                "SELECT generation FROM ti_generation WHERE tenant_id = \(tenantId)", logger: logger).decode(Int64.self) {
                return Int(n)
            }
            return 0
        }
    }

    public func purge(expiredBefore cutoff: DateTimeOffset) async throws -> Int {
        let limit = AlertRecord.sortableDate(cutoff)
        return try await database.withTransaction { connection in
            var byTenant: [String: Int] = [:]
            for try await tenant in try await connection.query(
                "DELETE FROM ti_indicator WHERE expires_at < \(limit) RETURNING tenant_id", logger: logger).decode(String.self) {
                byTenant[tenant, default: 0] += 1
            }
            for tenant in byTenant.keys.sorted() { try await Self.bump(connection, tenantId: tenant, logger: logger) }
            return byTenant.values.reduce(0, +)
        }
    }
}
