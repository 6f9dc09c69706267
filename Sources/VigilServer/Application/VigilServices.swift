import AsyncHTTPClient
import VigilCore
import VigilNotifications
import VigilStorage

/// The dependencies the controllers share, built once per process.
public struct VigilServices: Sendable {
    public let configuration: VigilConfiguration
    public let database: VigilDatabase?
    public let alerts: any AlertRepository
    public let identity: IdentityRepository
    public let tokens: TokenService
    public let limiter: RateLimiter
    public let metrics: VigilMetrics
    /// The fan-out to the local store and each tenant's remote providers.
    public let federation: AlertFederation
    /// Threat indicators.
    public let indicators: IndicatorRepository
    /// Each tenant's indicator index, kept current.
    public let matcher: IndicatorMatcher
    /// Connector output: stores source alerts, matches indicators, evaluates Sigma rules, counts per source.
    public let pipeline: EventPipeline
    /// Subscriptions, the outbox and webhook delivery (`nil` without a database).
    public let notifications: NotificationServices?
    /// Security actions (`nil` without a database).
    public let actions: ActionServices?
    /// Secure score snapshots and control profiles (`nil` without a database).
    public let score: SecureScoreEngine?
    /// The Sigma rules of `sigma.rules`, evaluated on every event.
    public let sigma: SigmaEngine

    public init(configuration: VigilConfiguration, database: VigilDatabase?, alerts: any AlertRepository,
                identity: IdentityRepository, tokens: TokenService, limiter: RateLimiter, metrics: VigilMetrics,
                federation: AlertFederation, indicators: IndicatorRepository, notifications: NotificationServices? = nil,
                actions: (@Sendable (IndicatorRepository, IndicatorMatcher) throws -> ActionServices)? = nil,
                score: SecureScoreEngine? = nil, sigma: SigmaEngine? = nil,
                sourceStatus: (any SourceStatusRepository)? = nil) rethrows
    {
        self.score = score
        self.notifications = notifications
        self.federation = federation
        self.indicators = indicators
        matcher = IndicatorMatcher(repository: indicators)
        let sigma = sigma ?? SigmaEngine(directories: configuration.sigma.rules)
        self.sigma = sigma
        pipeline = EventPipeline(alerts: alerts, matcher: matcher, indicators: indicators, sigma: sigma,
                                 statusStore: sourceStatus)
        self.actions = try actions?(indicators, matcher)
        self.configuration = configuration
        self.database = database
        self.alerts = alerts
        self.identity = identity
        self.tokens = tokens
        self.limiter = limiter
        self.metrics = metrics
    }

    /// Opens the SQLite database in the data folder and loads the token keys.
    public static func open(_ configuration: VigilConfiguration) async throws -> VigilServices {
        let database = try VigilDatabase(path: configuration.databasePath)
        let identity = IdentityRepository(database: database)
        let tokens = try await TokenService.load(identity: identity, baseURL: configuration.baseURL,
                                                 audiences: configuration.acceptedAudiences,
                                                 lifetime: configuration.tokenLifetimeSeconds,
                                                 external: configuration.externalIssuers)
        let limiter = RateLimiter(limits: ["alerts": configuration.throttling.alertsPerMinute,
                                           "indicators": configuration.throttling.indicatorsPerMinute])
        let notifications = try await NotificationServices.sqlite(database, settings: configuration.notifications)
        let alerts = SQLiteAlertRepository(database: database, router: notifications.router, signal: notifications.signal)
        try configuration.validateProviders()
        var remotes: [RemoteGraphProvider] = []
        for provider in configuration.providers {
            remotes.append(try RemoteGraphProvider(configuration: provider, client: HTTPClient.shared))
        }
        let federation = AlertFederation(local: LocalAlertProvider(alerts: alerts), remotes: remotes,
                                         state: FederationStateRepository(database: database),
                                         settings: configuration.federation)
        let settings = configuration.actions
        let webhooks = notifications.webhooks
        let providers = remotes
        let indicators = IndicatorRepository(database: database)
        let score = try SecureScoreEngine.sqlite(database, configuration: configuration, alerts: alerts, indicators: indicators,
                                                 identity: identity, remotes: remotes)
        // The rules are compiled before the server answers, so the first events meet them.
        let sigma = SigmaEngine(directories: configuration.sigma.rules)
        try sigma.reloadIfChanged()
        let services = try VigilServices(configuration: configuration, database: database, alerts: alerts, identity: identity,
                                 tokens: tokens, limiter: limiter, metrics: VigilMetrics(), federation: federation,
                                 indicators: indicators, notifications: notifications, actions: {
            indicators, matcher in
            let routing = try ActionRouting(builtIn: BuiltInActionHandler(indicators: indicators, matcher: matcher),
                                            webhooks: settings.webhooks, remotes: providers, client: webhooks,
                                            pollInterval: settings.pollIntervalSeconds)
            return ActionServices(repository: SQLiteSecurityActionRepository(database: database), routing: routing,
                                  signal: ChangeSignal(), settings: settings)
        }, score: score, sigma: sigma, sourceStatus: SQLiteSourceStatusRepository(database: database))
        try await services.pipeline.restoreStatus()
        return services
    }
}

/// What the first start of a server creates: a default tenant and an admin app.
public struct BootstrapCredentials: Sendable {
    public let tenantId: String
    public let clientId: String
    public let clientSecret: Secret
}

extension VigilServices {
    /// Creates the default tenant and a bootstrap admin app when there is no tenant yet.
    public func bootstrapIfEmpty() async throws -> BootstrapCredentials? {
        guard try await identity.tenants().isEmpty else { return nil }
        let tenant = try await identity.createTenant(name: "default")
        let (app, secret) = try await identity.createApp(tenantId: tenant.id, name: "bootstrap-admin",
                                                         roles: Permission.all, multiTenant: false)
        return BootstrapCredentials(tenantId: tenant.id, clientId: app.clientId, clientSecret: secret)
    }
}
