import VigilCore

/// Threat indicators (`tiIndicator`) per tenant, each owned by the app that submitted it
/// (`ThreatIndicators.ReadWrite.OwnedBy`). Every call is scoped by tenant, and by owner where the API is.
/// Every change bumps the tenant's generation, so matchers in any process notice. Implemented on SQLite,
/// PostgreSQL and in memory; all pass the same conformance suite.
public protocol IndicatorRepository: Sendable {
    /// Stores new indicators (ids and stamps already set) owned by `appId`.
    func create(tenantId: String, appId: String, _ indicators: [TiIndicator], at now: DateTimeOffset) async throws

    /// The indicators `appId` owns in the tenant, oldest first (ties by id).
    func owned(tenantId: String, appId: String) async throws -> [TiIndicator]

    /// One indicator the app owns.
    func get(tenantId: String, appId: String, id: String) async throws -> TiIndicator?

    /// Applies `change` to an indicator the app owns, in a transaction; `nil` when there is none.
    func update(tenantId: String, appId: String, id: String, at now: DateTimeOffset,
                _ change: @Sendable (inout TiIndicator) throws -> Void) async throws -> TiIndicator?

    /// Deletes indicators the app owns by id; returns, per id, whether it existed.
    func delete(tenantId: String, appId: String, ids: [String]) async throws -> [Bool]

    /// Deletes indicators the app owns by `externalId`; returns, per external id, how many were deleted.
    func delete(tenantId: String, appId: String, externalIds: [String]) async throws -> [Int]

    /// Every active, unexpired indicator of a tenant, whoever owns it (what events are matched against),
    /// optionally only those with one action (its lowercased name). Read one at a time: a tenant's million
    /// indicators are never all in memory at once.
    func forEachActive<T: Sendable>(tenantId: String, action: String?, at now: DateTimeOffset, into initial: T,
                                    _ body: @Sendable (inout T, TiIndicator) -> Void) async throws -> T

    /// One indicator of the tenant, whoever owns it (to describe a match).
    func indicator(tenantId: String, id: String) async throws -> TiIndicator?

    /// The change counter of a tenant's indicators (0 before any change).
    func generation(tenantId: String) async throws -> Int

    /// Deletes indicators expired before `cutoff` (retention), in every tenant; returns how many.
    func purge(expiredBefore cutoff: DateTimeOffset) async throws -> Int
}

extension IndicatorRepository {
    /// Every active, unexpired indicator of a tenant, whatever its action.
    public func forEachActive<T: Sendable>(tenantId: String, at now: DateTimeOffset, into initial: T,
                                           _ body: @Sendable (inout T, TiIndicator) -> Void) async throws -> T {
        try await forEachActive(tenantId: tenantId, action: nil, at: now, into: initial, body)
    }
}
