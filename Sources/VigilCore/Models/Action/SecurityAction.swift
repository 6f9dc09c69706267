/// `microsoft.graph.securityAction` (beta): a response action carried out by a provider (spec §4).
public struct SecurityAction: GraphObject {
    public var id: String?
    public var actionReason: String?
    public var appId: String?
    public var azureTenantId: String?
    public var clientContext: String?
    public var completedDateTime: DateTimeOffset?
    public var createdDateTime: DateTimeOffset?
    public var errorInfo: ResultInfo?
    public var lastActionDateTime: DateTimeOffset?
    public var name: String?
    public var parameters: [KeyValuePair]?
    public var states: [SecurityActionState]?
    public var status: OperationStatus?
    public var user: String?
    public var vendorInformation: SecurityVendorInformation?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("securityAction", [
        Field("id", \.id),
        Field("actionReason", \.actionReason),
        Field("appId", \.appId),
        Field("azureTenantId", \.azureTenantId),
        Field("clientContext", \.clientContext),
        Field("completedDateTime", \.completedDateTime),
        Field("createdDateTime", \.createdDateTime),
        Field("errorInfo", \.errorInfo),
        Field("lastActionDateTime", \.lastActionDateTime),
        Field("name", \.name),
        Field("parameters", \.parameters),
        Field("states", \.states),
        Field("status", \.status),
        Field("user", \.user),
        Field("vendorInformation", \.vendorInformation),
    ])
}

/// `keyValuePair`.
public struct KeyValuePair: GraphObject {
    public var name: String?
    public var value: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("keyValuePair", [
        Field("name", \.name),
        Field("value", \.value),
    ])
}

/// `microsoft.graph.securityActionState`: one status change of a security action.
public struct SecurityActionState: GraphObject {
    public var appId: String?
    public var status: OperationStatus?
    public var updatedDateTime: DateTimeOffset?
    public var user: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("securityActionState", [
        Field("appId", \.appId),
        Field("status", \.status),
        Field("updatedDateTime", \.updatedDateTime),
        Field("user", \.user),
    ])
}
