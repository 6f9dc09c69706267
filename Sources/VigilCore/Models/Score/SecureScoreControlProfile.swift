/// `microsoft.graph.secureScoreControlProfile`: one security control and its state (spec §5.3).
public struct SecureScoreControlProfile: GraphObject {
    public var id: String?
    public var azureTenantId: String?
    public var actionType: String?
    public var actionUrl: String?
    public var controlCategory: String?
    public var title: String?
    public var deprecated: Bool?
    public var implementationCost: String?
    public var lastModifiedDateTime: DateTimeOffset?
    public var maxScore: Double?
    public var rank: Int32?
    public var remediation: String?
    public var remediationImpact: String?
    public var service: String?
    public var threats: [String]?
    public var tier: String?
    public var userImpact: String?
    public var complianceInformation: [ComplianceInformation]?
    public var controlStateUpdates: [SecureScoreControlStateUpdate]?
    public var vendorInformation: SecurityVendorInformation?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("secureScoreControlProfile", [
        Field("id", \.id, \.id),
        Field("azureTenantId", \.azureTenantId, \.azureTenantId),
        Field("actionType", \.actionType, \.actionType),
        Field("actionUrl", \.actionUrl, \.actionUrl),
        Field("controlCategory", \.controlCategory, \.controlCategory),
        Field("title", \.title, \.title),
        Field("deprecated", \.deprecated, \.deprecated),
        Field("implementationCost", \.implementationCost, \.implementationCost),
        Field("lastModifiedDateTime", \.lastModifiedDateTime, \.lastModifiedDateTime),
        Field("maxScore", \.maxScore, \.maxScore),
        Field("rank", \.rank, \.rank),
        Field("remediation", \.remediation, \.remediation),
        Field("remediationImpact", \.remediationImpact, \.remediationImpact),
        Field("service", \.service, \.service),
        Field("threats", \.threats, \.threats),
        Field("tier", \.tier, \.tier),
        Field("userImpact", \.userImpact, \.userImpact),
        Field("complianceInformation", \.complianceInformation, \.complianceInformation),
        Field("controlStateUpdates", \.controlStateUpdates, \.controlStateUpdates),
        Field("vendorInformation", \.vendorInformation, \.vendorInformation),
    ])
}

/// `complianceInformation`.
public struct ComplianceInformation: GraphObject {
    public var certificationName: String?
    public var certificationControls: [CertificationControl]?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("complianceInformation", [
        Field("certificationName", \.certificationName, \.certificationName),
        Field("certificationControls", \.certificationControls, \.certificationControls),
    ])
}

/// `certificationControl`.
public struct CertificationControl: GraphObject {
    public var name: String?
    public var url: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("certificationControl", [
        Field("name", \.name, \.name),
        Field("url", \.url, \.url),
    ])
}

/// `secureScoreControlStateUpdate`.
public struct SecureScoreControlStateUpdate: GraphObject {
    public var assignedTo: String?
    public var comment: String?
    public var state: String?
    public var updatedBy: String?
    public var updatedDateTime: DateTimeOffset?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("secureScoreControlStateUpdate", [
        Field("assignedTo", \.assignedTo, \.assignedTo),
        Field("comment", \.comment, \.comment),
        Field("state", \.state, \.state),
        Field("updatedBy", \.updatedBy, \.updatedBy),
        Field("updatedDateTime", \.updatedDateTime, \.updatedDateTime),
    ])
}
