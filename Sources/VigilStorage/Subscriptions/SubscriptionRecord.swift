import VigilCore

/// A webhook subscription as stored: what delivery needs, plus the Graph `subscription` JSON it answers with.
public struct SubscriptionRecord: Sendable, Equatable {
    public var tenantId: String
    public var id: String
    /// The app that created it (`applicationId`); only it (or an admin) sees and changes it.
    public var appId: String
    /// The resource as given: `security/alerts?$filter=…` or `security/alerts/{id}`.
    public var resource: String
    public var changeTypes: [AlertChangeType]
    public var notificationUrl: String
    public var lifecycleNotificationUrl: String?
    /// Sent back in every notification so the receiver can tell it is ours; never logged.
    public var clientState: Secret?
    /// Key of the optional HMAC-SHA256 signature header (Vigil extension); never returned or logged.
    public var signingSecret: Secret?
    public var expirationDateTime: DateTimeOffset
    public var createdDateTime: DateTimeOffset
    /// The `subscription` entity as returned to clients (without `clientState`' secret wrapper).
    public var subscription: Subscription

    public init(tenantId: String, id: String, appId: String, resource: String, changeTypes: [AlertChangeType],
                notificationUrl: String, lifecycleNotificationUrl: String?, clientState: Secret?, signingSecret: Secret?,
                expirationDateTime: DateTimeOffset, createdDateTime: DateTimeOffset, subscription: Subscription)
    {
        self.tenantId = tenantId
        self.id = id
        self.appId = appId
        self.resource = resource
        self.changeTypes = changeTypes
        self.notificationUrl = notificationUrl
        self.lifecycleNotificationUrl = lifecycleNotificationUrl
        self.clientState = clientState
        self.signingSecret = signingSecret
        self.expirationDateTime = expirationDateTime
        self.createdDateTime = createdDateTime
        self.subscription = subscription
    }

    /// Where lifecycle notifications go: the lifecycle URL, or the notification URL when none was given.
    public var lifecycleTarget: String { lifecycleNotificationUrl ?? notificationUrl }
}
