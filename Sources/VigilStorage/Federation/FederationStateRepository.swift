import VigilCore

/// Persisted federation state: provider health and the id → provider routes learned from listings.
/// Every route is scoped by tenant. Implemented on SQLite, PostgreSQL and in memory.
public protocol FederationStateRepository: Sendable {
    /// Records the outcomes of a round of calls in one transaction.
    func record(_ calls: [ProviderCallRecord]) async throws

    /// The health of every provider that was ever called, by name.
    func health() async throws -> [String: ProviderHealth]

    /// Remembers which provider listed each alert id (the last one wins).
    func learnRoutes(tenantId: String, routes: [(alertId: String, provider: String)], at: DateTimeOffset) async throws

    /// The provider an alert id was last listed from, if any.
    func route(tenantId: String, alertId: String) async throws -> String?
}
