import PostgresNIO
import VigilCore

/// Federation state in PostgreSQL: provider health and alert routes, shared by every replica.
public struct PostgresFederationStateRepository: FederationStateRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    public func record(_ calls: [ProviderCallRecord]) async throws {
        guard !calls.isEmpty else { return }
        try await database.withTransaction { connection in
            for call in calls {
                let at = call.at.iso8601
                let failed = call.error != nil
                let success: String? = failed ? nil : at
                let errorAt: String? = failed ? at : nil
                let status = Int64(call.status)
                let latency = Int64(call.latencyMs)
                let failures: Int64 = failed ? 1 : 0
                try await connection.query("""
                    INSERT INTO provider_health (name, last_success_at, last_error_at, last_error, last_status,
                        last_latency_ms, consecutive_failures, calls, failures)
                    VALUES (\(call.name), \(success), \(errorAt), \(call.error), \(status), \(latency), \(failures), 1, \(failures))
                    ON CONFLICT (name) DO UPDATE SET
                        last_success_at = COALESCE(excluded.last_success_at, provider_health.last_success_at),
                        last_error_at = COALESCE(excluded.last_error_at, provider_health.last_error_at),
                        last_error = COALESCE(excluded.last_error, provider_health.last_error),
                        last_status = excluded.last_status, last_latency_ms = excluded.last_latency_ms,
                        consecutive_failures = CASE WHEN \(failed) THEN provider_health.consecutive_failures + 1 ELSE 0 END,
                        calls = provider_health.calls + 1, failures = provider_health.failures + excluded.failures
                    """, logger: database.logger)
            }
        }
    }

    public func health() async throws -> [String: ProviderHealth] {
        try await database.withConnection { connection in
            var out: [String: ProviderHealth] = [:]
            let rows = try await connection.query("""
                SELECT name, last_success_at, last_error_at, last_error, last_status, last_latency_ms,
                       consecutive_failures, calls, failures FROM provider_health
                """, logger: database.logger)
            for try await (name, success, errorAt, error, status, latency, consecutive, calls, failures) in
                rows.decode((String, String?, String?, String?, Int64?, Int64?, Int64, Int64, Int64).self) {
                out[name] = ProviderHealth(name: name, lastSuccessAt: success, lastErrorAt: errorAt, lastError: error,
                                           lastStatus: status.map(Int.init), lastLatencyMs: latency.map(Int.init),
                                           consecutiveFailures: Int(consecutive), calls: Int(calls), failures: Int(failures))
            }
            return out
        }
    }

    public func learnRoutes(tenantId: String, routes: [(alertId: String, provider: String)], at: DateTimeOffset) async throws {
        guard !routes.isEmpty else { return }
        // The last route of an id wins, as one upsert per route would give.
        var latest: [String: String] = [:]
        var order: [String] = []
        for route in routes {
            if latest.updateValue(route.provider, forKey: route.alertId) == nil { order.append(route.alertId) }
        }
        let ids = order
        let providers = order.map { latest[$0]! }
        let seen = at.iso8601
        try await database.withConnection { connection in
            _ = try await connection.query("""
                INSERT INTO alert_route (tenant_id, alert_id, provider_name, seen_at)
                SELECT \(tenantId), r.alert_id, r.provider_name, \(seen)
                FROM unnest(\(ids)::text[], \(providers)::text[]) AS r(alert_id, provider_name)
                ORDER BY r.alert_id
                ON CONFLICT (tenant_id, alert_id) DO UPDATE SET provider_name = excluded.provider_name, seen_at = excluded.seen_at
                """, logger: database.logger)
        }
    }

    public func route(tenantId: String, alertId: String) async throws -> String? {
        try await database.withConnection { connection in
            let rows = try await connection.query("""
                SELECT provider_name FROM alert_route WHERE tenant_id = \(tenantId) AND alert_id = \(alertId)
                """, logger: database.logger)
            for try await name in rows.decode(String.self) { return name }
            return nil
        }
    }
}
