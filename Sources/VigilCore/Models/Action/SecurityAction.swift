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
        Field("id", \.id, \.id),
        Field("actionReason", \.actionReason, \.actionReason),
        Field("appId", \.appId, \.appId),
        Field("azureTenantId", \.azureTenantId, \.azureTenantId),
        Field("clientContext", \.clientContext, \.clientContext),
        Field("completedDateTime", \.completedDateTime, \.completedDateTime),
        Field("createdDateTime", \.createdDateTime, \.createdDateTime),
        Field("errorInfo", \.errorInfo, \.errorInfo),
        Field("lastActionDateTime", \.lastActionDateTime, \.lastActionDateTime),
        Field("name", \.name, \.name),
        Field("parameters", \.parameters, \.parameters),
        Field("states", \.states, \.states),
        Field("status", \.status, \.status),
        Field("user", \.user, \.user),
        Field("vendorInformation", \.vendorInformation, \.vendorInformation),
    ])
}

/// `keyValuePair`.
public struct KeyValuePair: GraphObject {
    public var name: String?
    public var value: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("keyValuePair", [
        Field("name", \.name, \.name),
        Field("value", \.value, \.value),
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
        Field("appId", \.appId, \.appId),
        Field("status", \.status, \.status),
        Field("updatedDateTime", \.updatedDateTime, \.updatedDateTime),
        Field("user", \.user, \.user),
    ])
}
