import VigilCore

/// Federation state in memory, for tests: the same contract as the SQLite and PostgreSQL stores.
public actor InMemoryFederationStateRepository: FederationStateRepository {
    private var healthByName: [String: ProviderHealth] = [:]
    private var routes: [String: String] = [:]

    public init() {}

    public func record(_ calls: [ProviderCallRecord]) async throws {
        for call in calls {
            var h = healthByName[call.name] ?? ProviderHealth(name: call.name)
            let at = call.at.iso8601
            if let error = call.error {
                h.lastErrorAt = at
                h.lastError = error
                h.consecutiveFailures += 1
                h.failures += 1
            } else {
                h.lastSuccessAt = at
                h.consecutiveFailures = 0
            }
            h.lastStatus = call.status
            h.lastLatencyMs = call.latencyMs
            h.calls += 1
            healthByName[call.name] = h
        }
    }

    public func health() async throws -> [String: ProviderHealth] {
        healthByName
    }

    public func learnRoutes(tenantId: String, routes learned: [(alertId: String, provider: String)], at: DateTimeOffset) async throws {
        for route in learned { routes[tenantId + "\u{0}" + route.alertId] = route.provider }
    }

    public func route(tenantId: String, alertId: String) async throws -> String? {
        routes[tenantId + "\u{0}" + alertId]
    }
}
