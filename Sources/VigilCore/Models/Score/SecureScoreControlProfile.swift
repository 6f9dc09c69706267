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
        Field("id", \.id),
        Field("azureTenantId", \.azureTenantId),
        Field("actionType", \.actionType),
        Field("actionUrl", \.actionUrl),
        Field("controlCategory", \.controlCategory),
        Field("title", \.title),
        Field("deprecated", \.deprecated),
        Field("implementationCost", \.implementationCost),
        Field("lastModifiedDateTime", \.lastModifiedDateTime),
        Field("maxScore", \.maxScore),
        Field("rank", \.rank),
        Field("remediation", \.remediation),
        Field("remediationImpact", \.remediationImpact),
        Field("service", \.service),
        Field("threats", \.threats),
        Field("tier", \.tier),
        Field("userImpact", \.userImpact),
        Field("complianceInformation", \.complianceInformation),
        Field("controlStateUpdates", \.controlStateUpdates),
        Field("vendorInformation", \.vendorInformation),
    ])
}

/// `complianceInformation`.
public struct ComplianceInformation: GraphObject {
    public var certificationName: String?
    public var certificationControls: [CertificationControl]?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("complianceInformation", [
        Field("certificationName", \.certificationName),
        Field("certificationControls", \.certificationControls),
    ])
}

/// `certificationControl`.
public struct CertificationControl: GraphObject {
    public var name: String?
    public var url: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("certificationControl", [
        Field("name", \.name),
        Field("url", \.url),
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
        Field("assignedTo", \.assignedTo),
        Field("comment", \.comment),
        Field("state", \.state),
        Field("updatedBy", \.updatedBy),
        Field("updatedDateTime", \.updatedDateTime),
    ])
}
