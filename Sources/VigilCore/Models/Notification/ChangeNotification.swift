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
        Field("id", \.id, { $0.pointee.id }),
        Field("subscriptionId", \.subscriptionId, { $0.pointee.subscriptionId }),
        Field("subscriptionExpirationDateTime", \.subscriptionExpirationDateTime, { $0.pointee.subscriptionExpirationDateTime }),
        Field("clientState", \.clientState, { $0.pointee.clientState }),
        Field("changeType", \.changeType, { $0.pointee.changeType }),
        Field("resource", \.resource, { $0.pointee.resource }),
        Field("tenantId", \.tenantId, { $0.pointee.tenantId }),
        Field("lifecycleEvent", \.lifecycleEvent, { $0.pointee.lifecycleEvent }),
        Field("encryptedContent", \.encryptedContent, { $0.pointee.encryptedContent }, filterable: false),
        Field("resourceData", \.resourceData, { $0.pointee.resourceData }, filterable: false),
    ])
}

/// `microsoft.graph.changeNotificationCollection`: the body of one notification POST.
public struct ChangeNotificationCollection: GraphObject {
    public var value: [ChangeNotification]?
    public var validationTokens: [String]?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("changeNotificationCollection", [
        Field("value", \.value, { $0.pointee.value }),
        Field("validationTokens", \.validationTokens, { $0.pointee.validationTokens }),
    ])
}
