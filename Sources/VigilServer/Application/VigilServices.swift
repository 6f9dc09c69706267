import AsyncHTTPClient
import VigilCore
import VigilStorage

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
    /// Connector output: stores source alerts, matches indicators, counts per source.
    public let pipeline: EventPipeline

    public init(configuration: VigilConfiguration, database: VigilDatabase?, alerts: any AlertRepository,
                identity: any IdentityRepository, tokens: TokenService, limiter: RateLimiter, metrics: VigilMetrics,
                federation: AlertFederation, indicators: any IndicatorRepository, store: VigilStore? = nil)
    {
        self.store = store ?? database.map(VigilStore.sqlite)
        self.federation = federation
        self.indicators = indicators
        matcher = IndicatorMatcher(repository: indicators)
        pipeline = EventPipeline(alerts: alerts, matcher: matcher, indicators: indicators)
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
    public static func open(_ configuration: VigilConfiguration, store: VigilStore) async throws -> VigilServices {
        let identity = store.identity
        let tokens = try await store.leases.withLease(startupLease, holder: WorkLeaseHolder.id) {
            try await TokenService.load(identity: identity, baseURL: configuration.baseURL,
                                        audiences: configuration.acceptedAudiences,
                                        lifetime: configuration.tokenLifetimeSeconds,
                                        external: configuration.externalIssuers)
        }
        let limiter = RateLimiter(limits: ["alerts": configuration.throttling.alertsPerMinute,
                                           "indicators": configuration.throttling.indicatorsPerMinute])
        let alerts = store.alerts
        try configuration.validateProviders()
        var remotes: [RemoteGraphProvider] = []
        for provider in configuration.providers {
            remotes.append(try RemoteGraphProvider(configuration: provider, client: HTTPClient.shared))
        }
        let federation = AlertFederation(local: LocalAlertProvider(alerts: alerts), remotes: remotes,
                                         state: store.federationState,
                                         settings: configuration.federation)
        return VigilServices(configuration: configuration, database: store.sqlite, alerts: alerts, identity: identity,
                             tokens: tokens, limiter: limiter, metrics: VigilMetrics(), federation: federation,
                             indicators: store.indicators, store: store)
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
