import Foundation
import GRDB
import VigilCore

/// What Vigil remembers about a remote provider's calls (shown by `vigil providers list`).
public struct ProviderHealth: Sendable, Equatable {
    public var name: String
    public var lastSuccessAt: String?
    public var lastErrorAt: String?
    public var lastError: String?
    /// The HTTP status of the last call (504 for a timeout, 0 when no answer could be read).
    public var lastStatus: Int?
    public var lastLatencyMs: Int?
    public var consecutiveFailures: Int
    public var calls: Int
    public var failures: Int

    public init(name: String, lastSuccessAt: String? = nil, lastErrorAt: String? = nil, lastError: String? = nil,
                lastStatus: Int? = nil, lastLatencyMs: Int? = nil, consecutiveFailures: Int = 0, calls: Int = 0,
                failures: Int = 0)
    {
        self.name = name
        self.lastSuccessAt = lastSuccessAt
        self.lastErrorAt = lastErrorAt
        self.lastError = lastError
        self.lastStatus = lastStatus
        self.lastLatencyMs = lastLatencyMs
        self.consecutiveFailures = consecutiveFailures
        self.calls = calls
        self.failures = failures
    }

    /// The JSON form printed by the CLI.
    public var json: JSONValue {
        var o: [String: JSONValue] = ["name": .string(name), "consecutiveFailures": .int(Int64(consecutiveFailures)),
                                      "calls": .int(Int64(calls)), "failures": .int(Int64(failures))]
        o["lastSuccessAt"] = lastSuccessAt.map(JSONValue.string) ?? .null
        o["lastErrorAt"] = lastErrorAt.map(JSONValue.string) ?? .null
        o["lastError"] = lastError.map(JSONValue.string) ?? .null
        o["lastStatus"] = lastStatus.map { .int(Int64($0)) } ?? .null
        o["lastLatencyMs"] = lastLatencyMs.map { .int(Int64($0)) } ?? .null
        return .object(o)
    }
}

/// The outcome of one call to a provider, as recorded in its health.
public struct ProviderCallRecord: Sendable {
    public var name: String
    public var at: DateTimeOffset
    public var status: Int
    public var latencyMs: Int
    /// `nil` on success.
    public var error: String?

    public init(name: String, at: DateTimeOffset, status: Int, latencyMs: Int, error: String?) {
        self.name = name
        self.at = at
        self.status = status
        self.latencyMs = latencyMs
        self.error = error
    }
}

/// Persisted federation state: provider health and the id → provider routes learned from listings.
/// Every route is scoped by tenant.
public struct FederationStateRepository: Sendable {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    /// Records the outcomes of a round of calls in one transaction.
    public func record(_ calls: [ProviderCallRecord]) async throws {
        guard !calls.isEmpty else { return }
        try await database.pool.write { db in
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
        try await database.pool.read { db in
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
        try await database.pool.write { db in
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
        try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT provider_name FROM alert_route WHERE tenant_id = ? AND alert_id = ?",
                                arguments: [tenantId, alertId])
        }
    }
}
