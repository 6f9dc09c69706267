/// `microsoft.graph.security.alert` (`/security/alerts_v2`, spec §7.1); evidence items are polymorphic and kept as JSON.
public struct SecurityAlert: GraphObject {
    public var id: String?
    public var actorDisplayName: String?
    public var additionalData: JSONValue?
    public var alertPolicyId: String?
    public var alertWebUrl: String?
    public var assignedTo: String?
    public var categories: [String]?
    public var category: String?
    public var classification: AlertClassification?
    public var comments: [AlertComment]?
    public var createdDateTime: DateTimeOffset?
    public var customDetails: JSONValue?
    public var description: String?
    public var detectionSource: DetectionSource?
    public var detectorId: String?
    public var determination: AlertDetermination?
    public var evidence: [JSONValue]?
    public var firstActivityDateTime: DateTimeOffset?
    public var incidentId: String?
    public var incidentWebUrl: String?
    public var investigationState: InvestigationState?
    public var lastActivityDateTime: DateTimeOffset?
    public var lastUpdateDateTime: DateTimeOffset?
    public var mitreTechniques: [String]?
    public var productName: String?
    public var providerAlertId: String?
    public var recommendedActions: String?
    public var resolvedDateTime: DateTimeOffset?
    public var serviceSource: ServiceSource?
    public var severity: SecurityAlertSeverity?
    public var status: SecurityAlertStatus?
    public var systemTags: [String]?
    public var tenantId: String?
    public var threatDisplayName: String?
    public var threatFamilyName: String?
    public var title: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("alert", [
        Field("id", \.id, { $0.pointee.id }),
        Field("actorDisplayName", \.actorDisplayName, { $0.pointee.actorDisplayName }),
        Field("additionalData", \.additionalData, { $0.pointee.additionalData }, filterable: false),
        Field("alertPolicyId", \.alertPolicyId, { $0.pointee.alertPolicyId }),
        Field("alertWebUrl", \.alertWebUrl, { $0.pointee.alertWebUrl }),
        Field("assignedTo", \.assignedTo, { $0.pointee.assignedTo }),
        Field("categories", \.categories, { $0.pointee.categories }),
        Field("category", \.category, { $0.pointee.category }),
        Field("classification", \.classification, { $0.pointee.classification }),
        Field("comments", \.comments, { $0.pointee.comments }),
        Field("createdDateTime", \.createdDateTime, { $0.pointee.createdDateTime }),
        Field("customDetails", \.customDetails, { $0.pointee.customDetails }, filterable: false),
        Field("description", \.description, { $0.pointee.description }),
        Field("detectionSource", \.detectionSource, { $0.pointee.detectionSource }),
        Field("detectorId", \.detectorId, { $0.pointee.detectorId }),
        Field("determination", \.determination, { $0.pointee.determination }),
        Field("evidence", \.evidence, { $0.pointee.evidence }, filterable: false),
        Field("firstActivityDateTime", \.firstActivityDateTime, { $0.pointee.firstActivityDateTime }),
        Field("incidentId", \.incidentId, { $0.pointee.incidentId }),
        Field("incidentWebUrl", \.incidentWebUrl, { $0.pointee.incidentWebUrl }),
        Field("investigationState", \.investigationState, { $0.pointee.investigationState }),
        Field("lastActivityDateTime", \.lastActivityDateTime, { $0.pointee.lastActivityDateTime }),
        Field("lastUpdateDateTime", \.lastUpdateDateTime, { $0.pointee.lastUpdateDateTime }),
        Field("mitreTechniques", \.mitreTechniques, { $0.pointee.mitreTechniques }),
        Field("productName", \.productName, { $0.pointee.productName }),
        Field("providerAlertId", \.providerAlertId, { $0.pointee.providerAlertId }),
        Field("recommendedActions", \.recommendedActions, { $0.pointee.recommendedActions }),
        Field("resolvedDateTime", \.resolvedDateTime, { $0.pointee.resolvedDateTime }),
        Field("serviceSource", \.serviceSource, { $0.pointee.serviceSource }),
        Field("severity", \.severity, { $0.pointee.severity }),
        Field("status", \.status, { $0.pointee.status }),
        Field("systemTags", \.systemTags, { $0.pointee.systemTags }),
        Field("tenantId", \.tenantId, { $0.pointee.tenantId }),
        Field("threatDisplayName", \.threatDisplayName, { $0.pointee.threatDisplayName }),
        Field("threatFamilyName", \.threatFamilyName, { $0.pointee.threatFamilyName }),
        Field("title", \.title, { $0.pointee.title }),
    ])
}

/// `alertComment`.
public struct AlertComment: GraphObject {
    public var comment: String?
    public var createdByDisplayName: String?
    public var createdDateTime: DateTimeOffset?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("alertComment", [
        Field("comment", \.comment, { $0.pointee.comment }),
        Field("createdByDisplayName", \.createdByDisplayName, { $0.pointee.createdByDisplayName }),
        Field("createdDateTime", \.createdDateTime, { $0.pointee.createdDateTime }),
    ])
}

/// `microsoft.graph.security.incident` (spec §7.2).
public struct Incident: GraphObject {
    public var id: String?
    public var assignedTo: String?
    public var classification: AlertClassification?
    public var comments: [AlertComment]?
    public var createdDateTime: DateTimeOffset?
    public var customTags: [String]?
    public var description: String?
    public var determination: AlertDetermination?
    public var displayName: String?
    public var incidentWebUrl: String?
    public var lastModifiedBy: String?
    public var lastUpdateDateTime: DateTimeOffset?
    public var priorityScore: Int32?
    public var redirectIncidentId: String?
    public var resolvingComment: String?
    public var severity: SecurityAlertSeverity?
    public var status: IncidentStatus?
    public var summary: String?
    public var systemTags: [String]?
    public var tenantId: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("incident", [
        Field("id", \.id, { $0.pointee.id }),
        Field("assignedTo", \.assignedTo, { $0.pointee.assignedTo }),
        Field("classification", \.classification, { $0.pointee.classification }),
        Field("comments", \.comments, { $0.pointee.comments }),
        Field("createdDateTime", \.createdDateTime, { $0.pointee.createdDateTime }),
        Field("customTags", \.customTags, { $0.pointee.customTags }),
        Field("description", \.description, { $0.pointee.description }),
        Field("determination", \.determination, { $0.pointee.determination }),
        Field("displayName", \.displayName, { $0.pointee.displayName }),
        Field("incidentWebUrl", \.incidentWebUrl, { $0.pointee.incidentWebUrl }),
        Field("lastModifiedBy", \.lastModifiedBy, { $0.pointee.lastModifiedBy }),
        Field("lastUpdateDateTime", \.lastUpdateDateTime, { $0.pointee.lastUpdateDateTime }),
        Field("priorityScore", \.priorityScore, { $0.pointee.priorityScore }),
        Field("redirectIncidentId", \.redirectIncidentId, { $0.pointee.redirectIncidentId }),
        Field("resolvingComment", \.resolvingComment, { $0.pointee.resolvingComment }),
        Field("severity", \.severity, { $0.pointee.severity }),
        Field("status", \.status, { $0.pointee.status }),
        Field("summary", \.summary, { $0.pointee.summary }),
        Field("systemTags", \.systemTags, { $0.pointee.systemTags }),
        Field("tenantId", \.tenantId, { $0.pointee.tenantId }),
    ])
}

/// `microsoft.graph.security.huntingQueryResults`: the answer of runHuntingQuery (spec §7.3).
public struct HuntingQueryResults: GraphObject {
    public var schema: [SinglePropertySchema]?
    public var results: [JSONValue]?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("huntingQueryResults", [
        Field("schema", \.schema, { $0.pointee.schema }),
        Field("results", \.results, { $0.pointee.results }, filterable: false),
    ])
}

/// `singlePropertySchema`.
public struct SinglePropertySchema: GraphObject {
    public var name: String?
    public var type: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("singlePropertySchema", [
        Field("name", \.name, { $0.pointee.name }),
        Field("type", \.type, { $0.pointee.type }),
    ])
}
