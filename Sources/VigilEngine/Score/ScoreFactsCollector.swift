import VigilCore
import VigilNotifications
import VigilStorage

/// Gathers what each built-in check needs from the stores: provider health, indicators, alerts, the
/// notification outbox and the exporters' positions in the change feed.
public struct ScoreFactsCollector: Sendable {
    /// The configured remote providers (each names its tenant).
    public let providers: [ProviderConfiguration]
    public let federationState: FederationStateRepository?
    public let indicators: IndicatorRepository
    public let alerts: any AlertRepository
    public let deliveries: (any DeliveryBacklogRepository)?
    /// The configured SIEM exporters (each follows one tenant or every tenant).
    public let exporters: [ExporterConfiguration]
    public let exporterStates: (any ExporterStateRepository)?
    public let changes: (any AlertChangeFeed)?

    public init(providers: [ProviderConfiguration], federationState: FederationStateRepository?, indicators: IndicatorRepository,
                alerts: any AlertRepository, deliveries: (any DeliveryBacklogRepository)?, exporters: [ExporterConfiguration],
                exporterStates: (any ExporterStateRepository)?, changes: (any AlertChangeFeed)?)
    {
        self.providers = providers
        self.federationState = federationState
        self.indicators = indicators
        self.alerts = alerts
        self.deliveries = deliveries
        self.exporters = exporters
        self.exporterStates = exporterStates
        self.changes = changes
    }

    /// The facts of one check for one tenant at `now`.
    public func facts(for check: ScoreCheck, tenantId: String, at now: DateTimeOffset) async throws -> ScoreFacts {
        switch check {
        case .providersHealthy:
            let health = try await federationState?.health() ?? [:]
            return .providers(providers.filter { $0.tenant == tenantId && $0.enabled }.map { provider in
                let h = health[provider.name]
                return ScoreFacts.Provider(name: provider.name,
                                           healthy: h.map { $0.consecutiveFailures == 0 && $0.lastSuccessAt != nil } ?? false)
            })

        case .indicatorFeedsFresh:
            let (active, newest) = try await indicators.forEachActive(tenantId: tenantId, at: now, into: (0, DateTimeOffset?.none)) {
                state, indicator in
                state.0 += 1
                if let at = indicator.ingestedDateTime, state.1.map({ at > $0 }) ?? true { state.1 = at }
            }
            return .indicators(active: active, newestIngestion: newest)

        case .alertsTriaged(let severity, let maxAgeHours):
            let cutoff = now.adding(seconds: -Int64(maxAgeHours * 3600))
            let old = "severity eq '\(severity)' and createdDateTime lt \(cutoff.iso8601)"
            let due = try await count(tenantId: tenantId, filter: old)
            let untriaged = try await count(tenantId: tenantId, filter: old + " and status eq 'newAlert'")
            return .alerts(due: due, untriaged: untriaged)

        case .webhooksDelivering(let windowHours, let maxPendingMinutes):
            guard let deliveries else { return .webhooks(subscriptions: 0, recentDeadLetters: 0, stalePending: 0) }
            let t = now.epochSeconds
            let backlog = try await deliveries.backlog(tenantId: tenantId, deadSince: t - windowHours * 3600,
                                                       pendingBefore: t - maxPendingMinutes * 60, now: t)
            return .webhooks(subscriptions: backlog.subscriptions, recentDeadLetters: backlog.recentDeadLetters,
                             stalePending: backlog.stalePending)

        case .exportersHealthy:
            // The exporters that carry the tenant's alerts: its own and those that follow every tenant.
            let relevant = exporters.filter { $0.tenant == nil || $0.tenant == tenantId }
            guard !relevant.isEmpty, let exporterStates, let changes else { return .exporters([]) }
            return .exporters(try await ExporterStatus.load(relevant, feed: changes, states: exporterStates).map { status in
                let state = status.state
                let failing = state.lastErrorAt.map { error in state.lastSuccessAt.map { error > $0 } ?? true } ?? false
                return ScoreFacts.Exporter(name: status.name, lag: status.lag, failing: failing)
            })
        }
    }

    /// How many of the tenant's stored alerts match an OData filter.
    func count(tenantId: String, filter: String) async throws -> Int {
        let predicate = try ODataQuery<Alert>.parseFilter(filter)
        let page = try await alerts.list(tenantId: tenantId,
                                         request: AlertListRequest(filter: predicate, orderBy: [], top: 1, count: true))
        return page.totalCount ?? 0
    }
}
