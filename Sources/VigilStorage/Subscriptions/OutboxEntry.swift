import VigilCore

/// One notification waiting in the outbox: a change of an alert for one subscription, or a lifecycle event.
public struct OutboxEntry: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A change notification (`created`/`updated` of an alert).
        case change
        /// A lifecycle notification (`missed`, `subscriptionRemoved`).
        case lifecycle
    }

    /// Where the entry is in its life.
    public enum State: String, Sendable {
        case pending
        /// Retries ran out (the delivery window passed); kept for inspection and replay.
        case deadLettered = "dead"
    }

    public var id: Int64
    public var tenantId: String
    public var subscriptionId: String
    public var kind: Kind
    /// The change feed sequence number (change entries).
    public var changeSequence: Int64?
    public var alertId: String?
    public var changeType: AlertChangeType?
    /// `missed` or `subscriptionRemoved` (lifecycle entries).
    public var lifecycleEvent: String?
    public var state: State
    /// Delivery attempts so far.
    public var attempts: Int
    /// When the entry was written (seconds since the epoch); the retry window counts from here.
    public var createdAt: Double
    public var nextAttemptAt: Double
    public var lastAttemptAt: Double?
    public var lastStatus: Int?
    public var lastError: String?
    public var deadLetteredAt: Double?

    public init(id: Int64, tenantId: String, subscriptionId: String, kind: Kind, changeSequence: Int64?, alertId: String?,
                changeType: AlertChangeType?, lifecycleEvent: String?, state: State, attempts: Int, createdAt: Double,
                nextAttemptAt: Double, lastAttemptAt: Double? = nil, lastStatus: Int? = nil, lastError: String? = nil,
                deadLetteredAt: Double? = nil)
    {
        self.id = id
        self.tenantId = tenantId
        self.subscriptionId = subscriptionId
        self.kind = kind
        self.changeSequence = changeSequence
        self.alertId = alertId
        self.changeType = changeType
        self.lifecycleEvent = lifecycleEvent
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.deadLetteredAt = deadLetteredAt
    }
}

/// One POST to a receiver, as the delivery log keeps it.
public struct DeliveryAttempt: Sendable, Equatable {
    public var subscriptionId: String
    public var tenantId: String
    public var kind: OutboxEntry.Kind
    public var attemptedAt: Double
    /// The receiver's HTTP status, or `nil` when none came (refused, timed out, blocked).
    public var statusCode: Int?
    public var error: String?
    /// How many notifications the POST carried for this subscription.
    public var notifications: Int
    public var durationMs: Int

    public init(subscriptionId: String, tenantId: String, kind: OutboxEntry.Kind, attemptedAt: Double, statusCode: Int?,
                error: String?, notifications: Int, durationMs: Int)
    {
        self.subscriptionId = subscriptionId
        self.tenantId = tenantId
        self.kind = kind
        self.attemptedAt = attemptedAt
        self.statusCode = statusCode
        self.error = error
        self.notifications = notifications
        self.durationMs = durationMs
    }
}

/// What happened to a failed entry: tried again later, or dead-lettered.
public struct OutboxFailure: Sendable {
    public var id: Int64
    /// When to try again; `nil` dead-letters the entry.
    public var retryAt: Double?

    public init(id: Int64, retryAt: Double?) {
        self.id = id
        self.retryAt = retryAt
    }
}

/// The delivery state of one subscription (`GET /subscriptions/{id}/deliveries`).
public struct DeliveryReport: Sendable {
    public var pending: Int
    public var deadLettered: Int
    /// The earliest scheduled attempt of a pending entry.
    public var nextAttemptAt: Double?
    /// The latest attempts, newest first.
    public var attempts: [DeliveryAttempt]
    /// Pending entries that failed at least once, oldest first.
    public var retrying: [OutboxEntry]
    /// Dead-lettered entries, oldest first.
    public var deadLetters: [OutboxEntry]

    public init(pending: Int, deadLettered: Int, nextAttemptAt: Double?, attempts: [DeliveryAttempt],
                retrying: [OutboxEntry], deadLetters: [OutboxEntry])
    {
        self.pending = pending
        self.deadLettered = deadLettered
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.retrying = retrying
        self.deadLetters = deadLetters
    }
}
