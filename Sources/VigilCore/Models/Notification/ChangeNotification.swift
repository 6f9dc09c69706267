/// `microsoft.graph.changeNotification`: one change delivered to a subscriber (spec §6.3).
public struct ChangeNotification: GraphObject {
    public var id: String?
    public var subscriptionId: String?
    public var subscriptionExpirationDateTime: DateTimeOffset?
    public var clientState: String?
    public var changeType: String?
    public var resource: String?
    public var tenantId: String?
    public var lifecycleEvent: String?
    public var encryptedContent: JSONValue?
    public var resourceData: JSONValue?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("changeNotification", [
        Field("id", \.id, \.id),
        Field("subscriptionId", \.subscriptionId, \.subscriptionId),
        Field("subscriptionExpirationDateTime", \.subscriptionExpirationDateTime, \.subscriptionExpirationDateTime),
        Field("clientState", \.clientState, \.clientState),
        Field("changeType", \.changeType, \.changeType),
        Field("resource", \.resource, \.resource),
        Field("tenantId", \.tenantId, \.tenantId),
        Field("lifecycleEvent", \.lifecycleEvent, \.lifecycleEvent),
        Field("encryptedContent", \.encryptedContent, \.encryptedContent, filterable: false),
        Field("resourceData", \.resourceData, \.resourceData, filterable: false),
    ])
}

/// `microsoft.graph.changeNotificationCollection`: the body of one notification POST.
public struct ChangeNotificationCollection: GraphObject {
    public var value: [ChangeNotification]?
    public var validationTokens: [String]?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("changeNotificationCollection", [
        Field("value", \.value, \.value),
        Field("validationTokens", \.validationTokens, \.validationTokens),
    ])
}
