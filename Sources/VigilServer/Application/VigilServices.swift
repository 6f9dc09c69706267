import AsyncHTTPClient
import VigilCore
import VigilNotifications
import VigilStorage
import VigilEngine

/// The dependencies the controllers share, built once per process.
public struct VigilServices: Sendable {
    public let configuration: VigilConfiguration
    /// The SQLite database, when that is the store.
    public let database: VigilDatabase?
    /// Every repository of the database (SQLite or PostgreSQL); `nil` only for services built by hand in tests.
    public let store: VigilStore?
    public let alerts: any AlertRepository
    public let identity: any IdentityRepository
    public let tokens: TokenService
    public let limiter: RateLimiter
    public let metrics: VigilMetrics
    /// The fan-out to the local store and each tenant's remote providers.
    public let federation: AlertFederation
    /// Threat indicators.
    public let indicators: any IndicatorRepository
    /// Each tenant's indicator index, kept current.
    public let matcher: IndicatorMatcher
    /// Connector output: stores source alerts, matches indicators, evaluates Sigma rules, counts per source.
    public let pipeline: EventPipeline
    /// Subscriptions, the outbox and webhook delivery (`nil` when the store has no notification tables).
    public let notifications: NotificationServices?
    /// Security actions (`nil` when the store has no action tables).
    public let actions: ActionServices?
    /// Secure score snapshots and control profiles (`nil` when the store has no score tables).
    public let score: SecureScoreEngine?
    /// The Sigma rules of `sigma.rules`, evaluated on every event.
    public let sigma: SigmaEngine
    /// The health of the background services, saved to the store so `vigil status` and other replicas see it.
    public let health: HealthRegistry

    public init(configuration: VigilConfiguration, database: VigilDatabase?, alerts: any AlertRepository,
                identity: any IdentityRepository, tokens: TokenService, limiter: RateLimiter, metrics: VigilMetrics,
                federation: AlertFederation, indicators: any IndicatorRepository, store: VigilStore? = nil,
                notifications: NotificationServices? = nil,
                actions: (@Sendable (any IndicatorRepository, IndicatorMatcher) throws -> ActionServices)? = nil,
                score: SecureScoreEngine? = nil, sigma: SigmaEngine? = nil,
                sourceStatus: (any SourceStatusRepository)? = nil) rethrows
    {
        let store = store ?? database.map { VigilStore.sqlite($0) }
        self.store = store
        health = HealthRegistry(repository: store?.health)
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

    /// Opens the configured database (SQLite in the data folder, or PostgreSQL) and loads the token keys.
    public static func open(_ configuration: VigilConfiguration) async throws -> VigilServices {
        try await open(configuration, store: try await VigilStore.open(try configuration.storeLocation()))
    }

    /// Builds the services over an open store and loads the token keys. Replicas starting together on one
    /// database create the first signing key once (under the `startup` lease), so all of them sign alike.
    ///
    /// Notifications, security actions, secure score and source counters are built from the store's
    /// repositories, on SQLite and PostgreSQL alike (an in-memory store without them leaves them out).
    /// - Parameter notifications: services whose router and signal the store's alert repository already
    ///   uses; when `nil`, they are built from the store, and the alert repository is made to route to them.
    public static func open(_ configuration: VigilConfiguration, store: VigilStore,
                            notifications: NotificationServices? = nil) async throws -> VigilServices {
        var store = store
        var notifications = notifications
        if notifications == nil,
           let built = try await NotificationServices.store(store, settings: configuration.notifications) {
            // The alert store writes the outbox in its transactions, so it needs the router.
            notifications = built
            store = store.routingChanges(to: built.router, signal: built.signal)
        }
        let identity = store.identity
        let kek = try configuration.keyEncryptionKey()
        let tokens = try await store.leases.withLease(startupLease, holder: WorkLeaseHolder.id) {
            try await TokenService.load(identity: identity, kek: kek, baseURL: configuration.baseURL,
                                        audiences: configuration.acceptedAudiences,
                                        lifetime: configuration.tokenLifetimeSeconds,
                                        external: configuration.externalIssuers)
        }
        let limiter = RateLimiter(limits: configuration.throttling.limits, shared: store.throttle)
        let alerts = store.alerts
        try configuration.validateProviders()
        // Disabled providers are left out here, once: federation, actions and score see the enabled ones.
        var remotes: [RemoteGraphProvider] = []
        for provider in configuration.providers where provider.enabled {
            remotes.append(try RemoteGraphProvider(configuration: provider))
        }
        // Every replica derives the same $skiptoken key from the oldest token-signing key.
        let signer = try await identity.signingKeys().min { $0.kid < $1.kid }
            .map { SkipTokenSigner.derived(from: try kek.open($0.material, kid: $0.kid)) } ?? .random()
        let federation = AlertFederation(local: LocalAlertProvider(alerts: alerts), remotes: remotes,
                                         state: store.federationState,
                                         settings: configuration.federation, signer: signer)
        // The rules are compiled before the server answers, so the first events meet them.
        let sigma = SigmaEngine(directories: configuration.sigma.rules)
        try sigma.reloadIfChanged()
        var actions: (@Sendable (any IndicatorRepository, IndicatorMatcher) throws -> ActionServices)?
        if let repository = store.actions, let notifications {
            let settings = configuration.actions
            let policy = configuration.notifications.targetPolicy
            let webhooks = notifications.webhooks
            let providers = remotes
            actions = { indicators, matcher in
                let routing = try ActionRouting(builtIn: BuiltInActionHandler(indicators: indicators, matcher: matcher),
                                                webhooks: settings.webhooks, remotes: providers, client: webhooks,
                                                pollInterval: settings.pollIntervalSeconds, policy: policy)
                return ActionServices(repository: repository, routing: routing, signal: ChangeSignal(), settings: settings)
            }
        }
        let score = try SecureScoreEngine.store(store, configuration: configuration, remotes: remotes)
        let services = try VigilServices(configuration: configuration, database: store.sqlite, alerts: alerts,
                                         identity: identity, tokens: tokens, limiter: limiter, metrics: VigilMetrics(),
                                         federation: federation, indicators: store.indicators, store: store,
                                         notifications: notifications, actions: actions, score: score, sigma: sigma,
                                         sourceStatus: store.sourceStatus)
        try await services.pipeline.restoreStatus()
        return services
    }

    /// The lease that serializes first-start work (signing key, default tenant) across replicas.
    static let startupLease = "startup"
}

/// What the first start of a server creates: a default tenant and an admin app.
public struct BootstrapCredentials: Sendable {
    public let tenantId: String
    public let clientId: String
    public let clientSecret: Secret
}

extension VigilServices {
    /// Creates the default tenant and a bootstrap admin app when there is no tenant yet.
    /// Replicas starting together on one database bootstrap once: the check and the creation hold the
    /// `startup` lease.
    public func bootstrapIfEmpty() async throws -> BootstrapCredentials? {
        guard let store else { return try await bootstrapUnlocked() }
        return try await store.leases.withLease(Self.startupLease, holder: WorkLeaseHolder.id) {
            try await bootstrapUnlocked()
        }
    }

    private func bootstrapUnlocked() async throws -> BootstrapCredentials? {
        guard try await identity.tenants().isEmpty else { return nil }
        let tenant = try await identity.createTenant(name: "default")
        let (app, secret) = try await identity.createApp(tenantId: tenant.id, name: "bootstrap-admin",
                                                         roles: Permission.all, multiTenant: false)
        return BootstrapCredentials(tenantId: tenant.id, clientId: app.clientId, clientSecret: secret)
    }
}
