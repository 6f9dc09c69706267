/// `microsoft.graph.alert`: the legacy security alert, one schema for every product's alerts (spec §1).
public struct Alert: GraphObject {
    public var id: String?
    public var activityGroupName: String?
    public var alertDetections: [AlertDetection]?
    public var assignedTo: String?
    public var azureSubscriptionId: String?
    public var azureTenantId: String?
    public var category: String?
    public var closedDateTime: DateTimeOffset?
    public var cloudAppStates: [CloudAppSecurityState]?
    public var comments: [String]?
    public var confidence: Int32?
    public var createdDateTime: DateTimeOffset?
    public var description: String?
    public var detectionIds: [String]?
    public var eventDateTime: DateTimeOffset?
    public var feedback: AlertFeedback?
    public var fileStates: [FileSecurityState]?
    public var historyStates: [AlertHistoryState]?
    public var hostStates: [HostSecurityState]?
    public var incidentIds: [String]?
    public var investigationSecurityStates: [InvestigationSecurityState]?
    public var lastEventDateTime: DateTimeOffset?
    public var lastModifiedDateTime: DateTimeOffset?
    public var malwareStates: [MalwareState]?
    public var messageSecurityStates: [MessageSecurityState]?
    public var networkConnections: [NetworkConnection]?
    public var processes: [Process]?
    public var recommendedActions: [String]?
    public var registryKeyStates: [RegistryKeyState]?
    public var securityResources: [SecurityResource]?
    public var severity: AlertSeverity?
    public var sourceMaterials: [String]?
    public var status: AlertStatus?
    public var tags: [String]?
    public var title: String?
    public var triggers: [AlertTrigger]?
    public var uriClickSecurityStates: [UriClickSecurityState]?
    public var userStates: [UserSecurityState]?
    public var vendorInformation: SecurityVendorInformation?
    public var vulnerabilityStates: [VulnerabilityState]?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("alert", [
        Field("id", \.id),
        Field("activityGroupName", \.activityGroupName),
        Field("alertDetections", \.alertDetections),
        Field("assignedTo", \.assignedTo),
        Field("azureSubscriptionId", \.azureSubscriptionId),
        Field("azureTenantId", \.azureTenantId),
        Field("category", \.category),
        Field("closedDateTime", \.closedDateTime),
        Field("cloudAppStates", \.cloudAppStates),
        Field("comments", \.comments),
        Field("confidence", \.confidence),
        Field("createdDateTime", \.createdDateTime),
        Field("description", \.description),
        Field("detectionIds", \.detectionIds),
        Field("eventDateTime", \.eventDateTime),
        Field("feedback", \.feedback),
        Field("fileStates", \.fileStates),
        Field("historyStates", \.historyStates),
        Field("hostStates", \.hostStates),
        Field("incidentIds", \.incidentIds),
        Field("investigationSecurityStates", \.investigationSecurityStates),
        Field("lastEventDateTime", \.lastEventDateTime),
        Field("lastModifiedDateTime", \.lastModifiedDateTime),
        Field("malwareStates", \.malwareStates),
        Field("messageSecurityStates", \.messageSecurityStates),
        Field("networkConnections", \.networkConnections),
        Field("processes", \.processes),
        Field("recommendedActions", \.recommendedActions),
        Field("registryKeyStates", \.registryKeyStates),
        Field("securityResources", \.securityResources),
        Field("severity", \.severity),
        Field("sourceMaterials", \.sourceMaterials),
        Field("status", \.status),
        Field("tags", \.tags),
        Field("title", \.title),
        Field("triggers", \.triggers),
        Field("uriClickSecurityStates", \.uriClickSecurityStates),
        Field("userStates", \.userStates),
        Field("vendorInformation", \.vendorInformation),
        Field("vulnerabilityStates", \.vulnerabilityStates),
    ])
}
