import Logging
import VigilCore

/// Where Vigil keeps its state: the embedded SQLite file (the default) or a PostgreSQL database shared by
/// several replicas.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// The location without secrets.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }
}

/// Every repository of one database, opened together. Callers see only the protocols, so the server, the
/// CLI and the tests run unchanged on SQLite, PostgreSQL or (for some tests) memory.
///
/// The optional repositories are present on SQLite and PostgreSQL; an in-memory store for tests has only
/// those that have an in-memory double.
public struct VigilStore: Sendable {
    public let alerts: any AlertRepository
    public let identity: any IdentityRepository
    public let indicators: any IndicatorRepository
    public let federationState: any FederationStateRepository
    public let tailCursors: any TailCursorRepository
    public let leases: any WorkLeaseRepository
    /// The alert change feed the alert store writes (SIEM exporters follow it).
    public let changes: (any AlertChangeFeed)?
    /// Exporter cursors and health.
    public let exporterStates: (any ExporterStateRepository)?
    /// Webhook subscriptions.
    public let subscriptions: (any SubscriptionRepository)?
    /// The notification outbox the alert store writes.
    public let outbox: (any NotificationOutbox)?
    /// Security actions.
    public let actions: (any SecurityActionRepository)?
    /// Secure score snapshots and control state updates.
    public let scores: (any SecureScoreRepository)?
    /// The webhook delivery backlog the secure score reads.
    public let deliveryBacklog: (any DeliveryBacklogRepository)?
    /// Per-source intake counters.
    public let sourceStatus: (any SourceStatusRepository)?
    /// The saved health of every replica's background components.
    public let health: (any ComponentHealthRepository)?
    /// Throttling windows shared by replicas (PostgreSQL only; a single node counts in memory).
    public let throttle: (any ThrottleCounter)?
    /// The SQLite database, when that is the backend.
    public let sqlite: VigilDatabase?
    /// The PostgreSQL database, when that is the backend.
    public let postgres: VigilPostgres?
    /// Where the data is (no password).
    public let location: StoreLocation

    public init(alerts: any AlertRepository, identity: any IdentityRepository, indicators: any IndicatorRepository,
                federationState: any FederationStateRepository, tailCursors: any TailCursorRepository,
                leases: any WorkLeaseRepository, changes: (any AlertChangeFeed)? = nil,
                exporterStates: (any ExporterStateRepository)? = nil, subscriptions: (any SubscriptionRepository)? = nil,
                outbox: (any NotificationOutbox)? = nil, actions: (any SecurityActionRepository)? = nil,
                scores: (any SecureScoreRepository)? = nil, deliveryBacklog: (any DeliveryBacklogRepository)? = nil,
                sourceStatus: (any SourceStatusRepository)? = nil, health: (any ComponentHealthRepository)? = nil,
                throttle: (any ThrottleCounter)? = nil,
                sqlite: VigilDatabase? = nil, postgres: VigilPostgres? = nil, location: StoreLocation) {
        self.alerts = alerts
        self.identity = identity
        self.indicators = indicators
        self.federationState = federationState
        self.tailCursors = tailCursors
        self.leases = leases
        self.changes = changes
        self.exporterStates = exporterStates
        self.subscriptions = subscriptions
        self.outbox = outbox
        self.actions = actions
        self.scores = scores
        self.deliveryBacklog = deliveryBacklog
        self.sourceStatus = sourceStatus
        self.health = health
        self.throttle = throttle
        self.sqlite = sqlite
        self.postgres = postgres
        self.location = location
    }

    /// The repositories of an open SQLite database.
    ///
    /// - Parameters:
    ///   - router: picks the subscriptions each alert change is written to the outbox for.
    ///   - signal: notified after each committed alert change.
    public static func sqlite(_ database: VigilDatabase, router: (any ChangeRouter)? = nil,
                              signal: ChangeSignal? = nil) -> VigilStore {
        VigilStore(alerts: SQLiteAlertRepository(database: database, router: router, signal: signal),
                   identity: SQLiteIdentityRepository(database: database),
                   indicators: SQLiteIndicatorRepository(database: database),
                   federationState: SQLiteFederationStateRepository(database: database),
                   tailCursors: SQLiteTailCursorRepository(database: database),
                   leases: SQLiteWorkLeaseRepository(database: database),
                   changes: SQLiteAlertChangeFeed(database: database),
                   exporterStates: SQLiteExporterStateRepository(database: database),
                   subscriptions: SQLiteSubscriptionRepository(database: database),
                   outbox: SQLiteNotificationOutbox(database: database),
                   actions: SQLiteSecurityActionRepository(database: database),
                   scores: SQLiteSecureScoreRepository(database: database),
                   deliveryBacklog: SQLiteDeliveryBacklogRepository(database: database),
                   sourceStatus: SQLiteSourceStatusRepository(database: database),
                   health: SQLiteComponentHealthRepository(database: database), sqlite: database,
                   location: .sqlite(path: database.path))
    }

    /// The repositories of a connected PostgreSQL database.
    ///
    /// - Parameters:
    ///   - router: picks the subscriptions each alert change is written to the outbox for.
    ///   - signal: notified after each alert change this process commits (it wakes this process's consumers;
    ///     other replicas' consumers find the change when they next poll).
    public static func postgres(_ database: VigilPostgres, router: (any ChangeRouter)? = nil,
                                signal: ChangeSignal? = nil) -> VigilStore {
        VigilStore(alerts: PostgresAlertRepository(database: database, router: router, signal: signal),
                   identity: PostgresIdentityRepository(database: database),
                   indicators: PostgresIndicatorRepository(database: database),
                   federationState: PostgresFederationStateRepository(database: database),
                   tailCursors: PostgresTailCursorRepository(database: database),
                   leases: PostgresWorkLeaseRepository(database: database),
                   changes: PostgresAlertChangeFeed(database: database),
                   exporterStates: PostgresExporterStateRepository(database: database),
                   subscriptions: PostgresSubscriptionRepository(database: database),
                   outbox: PostgresNotificationOutbox(database: database),
                   actions: PostgresSecurityActionRepository(database: database),
                   scores: PostgresSecureScoreRepository(database: database),
                   deliveryBacklog: PostgresDeliveryBacklogRepository(database: database),
                   sourceStatus: PostgresSourceStatusRepository(database: database),
                   health: PostgresComponentHealthRepository(database: database),
                   throttle: PostgresThrottleCounter(database: database), postgres: database,
                   location: .postgres(database.location))
    }

    /// The same store with an alert repository that writes each change to the outbox of the subscriptions
    /// `router` names and notifies `signal` after each commit. A store of neither SQL backend is returned
    /// unchanged.
    public func routingChanges(to router: any ChangeRouter, signal: ChangeSignal) -> VigilStore {
        if let sqlite { return .sqlite(sqlite, router: router, signal: signal) }
        if let postgres { return .postgres(postgres, router: router, signal: signal) }
        return self
    }

    /// Whether several processes may share the database (PostgreSQL): work that must run in one place at a
    /// time (exporters, scheduled jobs) then takes a lease first.
    public var isShared: Bool { postgres != nil }

    /// Opens (and migrates) the database at `location`.
    /// - Throws: `VigilError` (`serviceUnavailable`) when it cannot be opened, reached or migrated.
    public static func open(_ location: StoreLocation, logger: Logger = Logger(label: "vigil.store")) async throws(VigilError)
        -> VigilStore
    {
        switch location {
        case .sqlite(let path): return .sqlite(try VigilDatabase(path: path))
        case .postgres(let postgres): return .postgres(try await VigilPostgres.connect(postgres, logger: logger))
        }
    }

    /// Whether the database answers (readiness).
    public func isReady() async -> Bool {
        if let sqlite { return await sqlite.isReady() }
        if let postgres { return await postgres.isReady() }
        return true
    }

    /// Closes the PostgreSQL connection pool (SQLite closes with the process).
    public func close() async {
        await postgres?.close()
    }
}
