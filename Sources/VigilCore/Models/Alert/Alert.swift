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
        Field("id", \.id, { $0.pointee.id }),
        Field("activityGroupName", \.activityGroupName, { $0.pointee.activityGroupName }),
        Field("alertDetections", \.alertDetections, { $0.pointee.alertDetections }),
        Field("assignedTo", \.assignedTo, { $0.pointee.assignedTo }),
        Field("azureSubscriptionId", \.azureSubscriptionId, { $0.pointee.azureSubscriptionId }),
        Field("azureTenantId", \.azureTenantId, { $0.pointee.azureTenantId }),
        Field("category", \.category, { $0.pointee.category }),
        Field("closedDateTime", \.closedDateTime, { $0.pointee.closedDateTime }),
        Field("cloudAppStates", \.cloudAppStates, { $0.pointee.cloudAppStates }),
        Field("comments", \.comments, { $0.pointee.comments }),
        Field("confidence", \.confidence, { $0.pointee.confidence }),
        Field("createdDateTime", \.createdDateTime, { $0.pointee.createdDateTime }),
        Field("description", \.description, { $0.pointee.description }),
        Field("detectionIds", \.detectionIds, { $0.pointee.detectionIds }),
        Field("eventDateTime", \.eventDateTime, { $0.pointee.eventDateTime }),
        Field("feedback", \.feedback, { $0.pointee.feedback }),
        Field("fileStates", \.fileStates, { $0.pointee.fileStates }),
        Field("historyStates", \.historyStates, { $0.pointee.historyStates }),
        Field("hostStates", \.hostStates, { $0.pointee.hostStates }),
        Field("incidentIds", \.incidentIds, { $0.pointee.incidentIds }),
        Field("investigationSecurityStates", \.investigationSecurityStates, { $0.pointee.investigationSecurityStates }),
        Field("lastEventDateTime", \.lastEventDateTime, { $0.pointee.lastEventDateTime }),
        Field("lastModifiedDateTime", \.lastModifiedDateTime, { $0.pointee.lastModifiedDateTime }),
        Field("malwareStates", \.malwareStates, { $0.pointee.malwareStates }),
        Field("messageSecurityStates", \.messageSecurityStates, { $0.pointee.messageSecurityStates }),
        Field("networkConnections", \.networkConnections, { $0.pointee.networkConnections }),
        Field("processes", \.processes, { $0.pointee.processes }),
        Field("recommendedActions", \.recommendedActions, { $0.pointee.recommendedActions }),
        Field("registryKeyStates", \.registryKeyStates, { $0.pointee.registryKeyStates }),
        Field("securityResources", \.securityResources, { $0.pointee.securityResources }),
        Field("severity", \.severity, { $0.pointee.severity }),
        Field("sourceMaterials", \.sourceMaterials, { $0.pointee.sourceMaterials }),
        Field("status", \.status, { $0.pointee.status }),
        Field("tags", \.tags, { $0.pointee.tags }),
        Field("title", \.title, { $0.pointee.title }),
        Field("triggers", \.triggers, { $0.pointee.triggers }),
        Field("uriClickSecurityStates", \.uriClickSecurityStates, { $0.pointee.uriClickSecurityStates }),
        Field("userStates", \.userStates, { $0.pointee.userStates }),
        Field("vendorInformation", \.vendorInformation, { $0.pointee.vendorInformation }),
        Field("vulnerabilityStates", \.vulnerabilityStates, { $0.pointee.vulnerabilityStates }),
    ])
}
