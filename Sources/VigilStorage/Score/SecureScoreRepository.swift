import VigilCore

/// Secure score snapshots (history: one per tenant per UTC day) and the control state updates
/// administrators append. Every call is scoped by tenant, except the deployment-wide latest scores.
public protocol SecureScoreRepository: Sendable {
    /// Stores a snapshot, replacing the tenant's snapshot of the same day.
    func save(_ record: SecureScoreRecord) async throws

    /// The tenant's snapshots, newest first (at most `limit` when given).
    func snapshots(tenantId: String, limit: Int?) async throws -> [SecureScoreRecord]

    /// The tenant's snapshot of one day, if any.
    func snapshot(tenantId: String, day: String) async throws -> SecureScoreRecord?

    /// Every tenant's latest current score, by tenant id (for `averageComparativeScores`).
    func latestScores() async throws -> [String: Double]

    /// Appends one state update to a tenant's control.
    func appendState(_ record: ControlStateRecord) async throws

    /// A tenant's state updates by control id, each list oldest first.
    func states(tenantId: String) async throws -> [String: [SecureScoreControlStateUpdate]]
}
