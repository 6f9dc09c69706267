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
        Field("id", \.id, \.id),
        Field("actorDisplayName", \.actorDisplayName, \.actorDisplayName),
        Field("additionalData", \.additionalData, \.additionalData, filterable: false),
        Field("alertPolicyId", \.alertPolicyId, \.alertPolicyId),
        Field("alertWebUrl", \.alertWebUrl, \.alertWebUrl),
        Field("assignedTo", \.assignedTo, \.assignedTo),
        Field("categories", \.categories, \.categories),
        Field("category", \.category, \.category),
        Field("classification", \.classification, \.classification),
        Field("comments", \.comments, \.comments),
        Field("createdDateTime", \.createdDateTime, \.createdDateTime),
        Field("customDetails", \.customDetails, \.customDetails, filterable: false),
        Field("description", \.description, \.description),
        Field("detectionSource", \.detectionSource, \.detectionSource),
        Field("detectorId", \.detectorId, \.detectorId),
        Field("determination", \.determination, \.determination),
        Field("evidence", \.evidence, \.evidence, filterable: false),
        Field("firstActivityDateTime", \.firstActivityDateTime, \.firstActivityDateTime),
        Field("incidentId", \.incidentId, \.incidentId),
        Field("incidentWebUrl", \.incidentWebUrl, \.incidentWebUrl),
        Field("investigationState", \.investigationState, \.investigationState),
        Field("lastActivityDateTime", \.lastActivityDateTime, \.lastActivityDateTime),
        Field("lastUpdateDateTime", \.lastUpdateDateTime, \.lastUpdateDateTime),
        Field("mitreTechniques", \.mitreTechniques, \.mitreTechniques),
        Field("productName", \.productName, \.productName),
        Field("providerAlertId", \.providerAlertId, \.providerAlertId),
        Field("recommendedActions", \.recommendedActions, \.recommendedActions),
        Field("resolvedDateTime", \.resolvedDateTime, \.resolvedDateTime),
        Field("serviceSource", \.serviceSource, \.serviceSource),
        Field("severity", \.severity, \.severity),
        Field("status", \.status, \.status),
        Field("systemTags", \.systemTags, \.systemTags),
        Field("tenantId", \.tenantId, \.tenantId),
        Field("threatDisplayName", \.threatDisplayName, \.threatDisplayName),
        Field("threatFamilyName", \.threatFamilyName, \.threatFamilyName),
        Field("title", \.title, \.title),
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
        Field("comment", \.comment, \.comment),
        Field("createdByDisplayName", \.createdByDisplayName, \.createdByDisplayName),
        Field("createdDateTime", \.createdDateTime, \.createdDateTime),
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
        Field("id", \.id, \.id),
        Field("assignedTo", \.assignedTo, \.assignedTo),
        Field("classification", \.classification, \.classification),
        Field("comments", \.comments, \.comments),
        Field("createdDateTime", \.createdDateTime, \.createdDateTime),
        Field("customTags", \.customTags, \.customTags),
        Field("description", \.description, \.description),
        Field("determination", \.determination, \.determination),
        Field("displayName", \.displayName, \.displayName),
        Field("incidentWebUrl", \.incidentWebUrl, \.incidentWebUrl),
        Field("lastModifiedBy", \.lastModifiedBy, \.lastModifiedBy),
        Field("lastUpdateDateTime", \.lastUpdateDateTime, \.lastUpdateDateTime),
        Field("priorityScore", \.priorityScore, \.priorityScore),
        Field("redirectIncidentId", \.redirectIncidentId, \.redirectIncidentId),
        Field("resolvingComment", \.resolvingComment, \.resolvingComment),
        Field("severity", \.severity, \.severity),
        Field("status", \.status, \.status),
        Field("summary", \.summary, \.summary),
        Field("systemTags", \.systemTags, \.systemTags),
        Field("tenantId", \.tenantId, \.tenantId),
    ])
}

/// `microsoft.graph.security.huntingQueryResults`: the answer of runHuntingQuery (spec §7.3).
public struct HuntingQueryResults: GraphObject {
    public var schema: [SinglePropertySchema]?
    public var results: [JSONValue]?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("huntingQueryResults", [
        Field("schema", \.schema, \.schema),
        Field("results", \.results, \.results, filterable: false),
    ])
}

/// `singlePropertySchema`.
public struct SinglePropertySchema: GraphObject {
    public var name: String?
    public var type: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("singlePropertySchema", [
        Field("name", \.name, \.name),
        Field("type", \.type, \.type),
    ])
}
