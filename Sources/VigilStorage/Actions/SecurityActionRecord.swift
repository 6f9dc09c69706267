import VigilCore

/// A security action as stored: the Graph entity plus where it is in its run.
public struct SecurityActionRecord: Sendable {
    public var tenantId: String
    public var id: String
    /// The app that requested it; only it sees it (with `SecurityActions.Read.All`, the tenant's apps do).
    public var appId: String
    /// The request's `client-request-id`, so a repeated request returns the same action.
    public var clientRequestId: String?
    /// Who carries it out: `vigil`, `provider:<name>`, `webhook:<name>`, or `none`.
    public var handler: String
    /// The action's id at the remote provider, once submitted there.
    public var remoteId: String?
    /// When the runner should next look at it (seconds since the epoch); `nil` once finished.
    public var nextRunAt: Double?
    /// Handler attempts so far (webhook retries, remote polls).
    public var attempts: Int
    /// A client asked to cancel it and the runner has not handled that yet.
    public var cancelRequested: Bool
    public var action: SecurityAction

    public init(tenantId: String, id: String, appId: String, clientRequestId: String?, handler: String, remoteId: String? = nil,
                nextRunAt: Double?, attempts: Int = 0, cancelRequested: Bool = false, action: SecurityAction)
    {
        self.cancelRequested = cancelRequested
        self.tenantId = tenantId
        self.id = id
        self.appId = appId
        self.clientRequestId = clientRequestId
        self.handler = handler
        self.remoteId = remoteId
        self.nextRunAt = nextRunAt
        self.attempts = attempts
        self.action = action
    }
}

/// Storage of security actions, scoped by tenant.
public protocol SecurityActionRepository: Sendable {
    /// Stores a new action; when the app already made one with the same `clientRequestId`, stores nothing and
    /// returns that one.
    func create(_ record: SecurityActionRecord) async throws -> SecurityActionRecord
    /// One action of a tenant.
    func action(tenantId: String, id: String) async throws -> SecurityActionRecord?
    /// A tenant's actions, oldest first; only `appId`'s when given.
    func actions(tenantId: String, appId: String?) async throws -> [SecurityActionRecord]
    /// Claims up to `limit` actions due at `now` (the caller's clock) for `lease` seconds (of every tenant).
    /// Runners claiming at the same moment (other replicas on a shared database) get disjoint actions; the
    /// lease counts from `now` on a single-process store, on the database's clock on a shared one.
    func claimDue(now: Double, lease: Double, limit: Int) async throws -> [SecurityActionRecord]
    /// Saves an action's entity and schedule and releases its claim. A cancellation requested meanwhile
    /// stays requested (and makes the action due at once) unless `cancelHandled`.
    func save(_ record: SecurityActionRecord, cancelHandled: Bool, now: Double) async throws
    /// Asks for an unfinished action to be cancelled and makes it due at `now`; `false` when there is none.
    func requestCancel(tenantId: String, id: String, now: Double) async throws -> Bool
    /// The earliest `nextRunAt` of any action that no live claim holds, or `nil`.
    func nextDue() async throws -> Double?
}
