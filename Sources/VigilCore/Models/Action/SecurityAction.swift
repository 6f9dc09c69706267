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
        Field("id", \.id, { $0.pointee.id }),
        Field("actionReason", \.actionReason, { $0.pointee.actionReason }),
        Field("appId", \.appId, { $0.pointee.appId }),
        Field("azureTenantId", \.azureTenantId, { $0.pointee.azureTenantId }),
        Field("clientContext", \.clientContext, { $0.pointee.clientContext }),
        Field("completedDateTime", \.completedDateTime, { $0.pointee.completedDateTime }),
        Field("createdDateTime", \.createdDateTime, { $0.pointee.createdDateTime }),
        Field("errorInfo", \.errorInfo, { $0.pointee.errorInfo }),
        Field("lastActionDateTime", \.lastActionDateTime, { $0.pointee.lastActionDateTime }),
        Field("name", \.name, { $0.pointee.name }),
        Field("parameters", \.parameters, { $0.pointee.parameters }),
        Field("states", \.states, { $0.pointee.states }),
        Field("status", \.status, { $0.pointee.status }),
        Field("user", \.user, { $0.pointee.user }),
        Field("vendorInformation", \.vendorInformation, { $0.pointee.vendorInformation }),
    ])
}

/// `keyValuePair`.
public struct KeyValuePair: GraphObject {
    public var name: String?
    public var value: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("keyValuePair", [
        Field("name", \.name, { $0.pointee.name }),
        Field("value", \.value, { $0.pointee.value }),
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
        Field("appId", \.appId, { $0.pointee.appId }),
        Field("status", \.status, { $0.pointee.status }),
        Field("updatedDateTime", \.updatedDateTime, { $0.pointee.updatedDateTime }),
        Field("user", \.user, { $0.pointee.user }),
    ])
}
