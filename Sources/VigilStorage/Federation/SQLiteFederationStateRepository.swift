import Foundation
import GRDB
import VigilCore

/// Federation state in SQLite: provider health and alert routes.
public struct SQLiteFederationStateRepository: FederationStateRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    /// Records the outcomes of a round of calls in one transaction.
    public func record(_ calls: [ProviderCallRecord]) async throws {
        guard !calls.isEmpty else { return }
        try await database.write { db in
            for call in calls {
                let at = call.at.iso8601
                let failed = call.error != nil
                try db.execute(sql: """
                    INSERT INTO provider_health (name, last_success_at, last_error_at, last_error, last_status,
                        last_latency_ms, consecutive_failures, calls, failures)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)
                    ON CONFLICT(name) DO UPDATE SET
                        last_success_at = COALESCE(excluded.last_success_at, provider_health.last_success_at),
                        last_error_at = COALESCE(excluded.last_error_at, provider_health.last_error_at),
                        last_error = COALESCE(excluded.last_error, provider_health.last_error),
                        last_status = excluded.last_status, last_latency_ms = excluded.last_latency_ms,
                        consecutive_failures = CASE WHEN ? THEN provider_health.consecutive_failures + 1 ELSE 0 END,
                        calls = provider_health.calls + 1, failures = provider_health.failures + excluded.failures
                    """, arguments: [call.name, failed ? nil : at, failed ? at : nil, call.error, call.status,
                                     call.latencyMs, failed ? 1 : 0, failed ? 1 : 0, failed])
            }
        }
    }

    /// The health of every provider that was ever called, by name.
    public func health() async throws -> [String: ProviderHealth] {
        try await database.read { db in
            var out: [String: ProviderHealth] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM provider_health") {
                let name: String = row["name"]
                out[name] = ProviderHealth(name: name, lastSuccessAt: row["last_success_at"], lastErrorAt: row["last_error_at"],
                                           lastError: row["last_error"], lastStatus: row["last_status"],
                                           lastLatencyMs: row["last_latency_ms"],
                                           consecutiveFailures: row["consecutive_failures"], calls: row["calls"],
                                           failures: row["failures"])
            }
            return out
        }
    }

    /// Remembers which provider listed each alert id.
    public func learnRoutes(tenantId: String, routes: [(alertId: String, provider: String)], at: DateTimeOffset) async throws {
        guard !routes.isEmpty else { return }
        let seen = at.iso8601
        try await database.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO alert_route (tenant_id, alert_id, provider_name, seen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(tenant_id, alert_id) DO UPDATE SET provider_name = excluded.provider_name, seen_at = excluded.seen_at
                """)
            for route in routes {
                try statement.execute(arguments: [tenantId, route.alertId, route.provider, seen])
            }
        }
    }

    /// The provider an alert id was last listed from, if any.
    public func route(tenantId: String, alertId: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT provider_name FROM alert_route WHERE tenant_id = ? AND alert_id = ?",
                                arguments: [tenantId, alertId])
        }
    }
}
