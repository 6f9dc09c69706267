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
        Field("id", \.id, \.id),
        Field("activityGroupName", \.activityGroupName, \.activityGroupName),
        Field("alertDetections", \.alertDetections, \.alertDetections),
        Field("assignedTo", \.assignedTo, \.assignedTo),
        Field("azureSubscriptionId", \.azureSubscriptionId, \.azureSubscriptionId),
        Field("azureTenantId", \.azureTenantId, \.azureTenantId),
        Field("category", \.category, \.category),
        Field("closedDateTime", \.closedDateTime, \.closedDateTime),
        Field("cloudAppStates", \.cloudAppStates, \.cloudAppStates),
        Field("comments", \.comments, \.comments),
        Field("confidence", \.confidence, \.confidence),
        Field("createdDateTime", \.createdDateTime, \.createdDateTime),
        Field("description", \.description, \.description),
        Field("detectionIds", \.detectionIds, \.detectionIds),
        Field("eventDateTime", \.eventDateTime, \.eventDateTime),
        Field("feedback", \.feedback, \.feedback),
        Field("fileStates", \.fileStates, \.fileStates),
        Field("historyStates", \.historyStates, \.historyStates),
        Field("hostStates", \.hostStates, \.hostStates),
        Field("incidentIds", \.incidentIds, \.incidentIds),
        Field("investigationSecurityStates", \.investigationSecurityStates, \.investigationSecurityStates),
        Field("lastEventDateTime", \.lastEventDateTime, \.lastEventDateTime),
        Field("lastModifiedDateTime", \.lastModifiedDateTime, \.lastModifiedDateTime),
        Field("malwareStates", \.malwareStates, \.malwareStates),
        Field("messageSecurityStates", \.messageSecurityStates, \.messageSecurityStates),
        Field("networkConnections", \.networkConnections, \.networkConnections),
        Field("processes", \.processes, \.processes),
        Field("recommendedActions", \.recommendedActions, \.recommendedActions),
        Field("registryKeyStates", \.registryKeyStates, \.registryKeyStates),
        Field("securityResources", \.securityResources, \.securityResources),
        Field("severity", \.severity, \.severity),
        Field("sourceMaterials", \.sourceMaterials, \.sourceMaterials),
        Field("status", \.status, \.status),
        Field("tags", \.tags, \.tags),
        Field("title", \.title, \.title),
        Field("triggers", \.triggers, \.triggers),
        Field("uriClickSecurityStates", \.uriClickSecurityStates, \.uriClickSecurityStates),
        Field("userStates", \.userStates, \.userStates),
        Field("vendorInformation", \.vendorInformation, \.vendorInformation),
        Field("vulnerabilityStates", \.vulnerabilityStates, \.vulnerabilityStates),
    ])
}
