import Logging
import VigilCore
import VigilStorage

/// The parts of change notifications one process shares: the stores, the router the alert store consults in
/// its transactions, the commit signal, and the webhook client.
public struct NotificationServices: Sendable {
    public let subscriptions: any SubscriptionRepository
    public let outbox: any NotificationOutbox
    public let router: SubscriptionRouter
    /// Notified by the alert store after every committed change.
    public let signal: ChangeSignal
    public let webhooks: WebhookClient
    public let settings: NotificationSettings

    public init(subscriptions: any SubscriptionRepository, outbox: any NotificationOutbox, signal: ChangeSignal,
                webhooks: WebhookClient, settings: NotificationSettings) async throws
    {
        self.subscriptions = subscriptions
        self.outbox = outbox
        self.signal = signal
        self.webhooks = webhooks
        self.settings = settings
        router = SubscriptionRouter(repository: subscriptions)
        try await router.refresh(force: true)
    }

    /// The services on the embedded SQLite database.
    public static func sqlite(_ database: VigilDatabase, settings: NotificationSettings) async throws -> NotificationServices {
        try await NotificationServices(subscriptions: SQLiteSubscriptionRepository(database: database),
                                       outbox: SQLiteNotificationOutbox(database: database), signal: ChangeSignal(),
                                       webhooks: WebhookClient(), settings: settings)
    }

    /// The services on a store's subscriptions and outbox (SQLite or PostgreSQL), with a new commit signal;
    /// `nil` when the store has neither (an in-memory store). The store's alert repository writes the outbox
    /// only once it routes to these services: use `store.routingChanges(to: router, signal: signal)`.
    public static func store(_ store: VigilStore, settings: NotificationSettings) async throws -> NotificationServices? {
        guard let subscriptions = store.subscriptions, let outbox = store.outbox else { return nil }
        return try await NotificationServices(subscriptions: subscriptions, outbox: outbox, signal: ChangeSignal(),
                                              webhooks: WebhookClient(), settings: settings)
    }

    /// The dispatcher Service delivering the outbox.
    public func dispatcher(logger: Logger, health: HealthRegistry? = nil) -> NotificationDispatcher {
        NotificationDispatcher(outbox: outbox, subscriptions: subscriptions, client: webhooks, settings: settings,
                               signal: signal, logger: logger, health: health)
    }

    /// The Service keeping routes current and sweeping expired subscriptions.
    public func maintenance(logger: Logger) -> SubscriptionMaintenance {
        SubscriptionMaintenance(repository: subscriptions, router: router, logger: logger)
    }
}
