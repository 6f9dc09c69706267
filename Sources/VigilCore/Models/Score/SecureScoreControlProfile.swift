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
        Field("id", \.id, { $0.pointee.id }),
        Field("azureTenantId", \.azureTenantId, { $0.pointee.azureTenantId }),
        Field("actionType", \.actionType, { $0.pointee.actionType }),
        Field("actionUrl", \.actionUrl, { $0.pointee.actionUrl }),
        Field("controlCategory", \.controlCategory, { $0.pointee.controlCategory }),
        Field("title", \.title, { $0.pointee.title }),
        Field("deprecated", \.deprecated, { $0.pointee.deprecated }),
        Field("implementationCost", \.implementationCost, { $0.pointee.implementationCost }),
        Field("lastModifiedDateTime", \.lastModifiedDateTime, { $0.pointee.lastModifiedDateTime }),
        Field("maxScore", \.maxScore, { $0.pointee.maxScore }),
        Field("rank", \.rank, { $0.pointee.rank }),
        Field("remediation", \.remediation, { $0.pointee.remediation }),
        Field("remediationImpact", \.remediationImpact, { $0.pointee.remediationImpact }),
        Field("service", \.service, { $0.pointee.service }),
        Field("threats", \.threats, { $0.pointee.threats }),
        Field("tier", \.tier, { $0.pointee.tier }),
        Field("userImpact", \.userImpact, { $0.pointee.userImpact }),
        Field("complianceInformation", \.complianceInformation, { $0.pointee.complianceInformation }),
        Field("controlStateUpdates", \.controlStateUpdates, { $0.pointee.controlStateUpdates }),
        Field("vendorInformation", \.vendorInformation, { $0.pointee.vendorInformation }),
    ])
}

/// `complianceInformation`.
public struct ComplianceInformation: GraphObject {
    public var certificationName: String?
    public var certificationControls: [CertificationControl]?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("complianceInformation", [
        Field("certificationName", \.certificationName, { $0.pointee.certificationName }),
        Field("certificationControls", \.certificationControls, { $0.pointee.certificationControls }),
    ])
}

/// `certificationControl`.
public struct CertificationControl: GraphObject {
    public var name: String?
    public var url: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("certificationControl", [
        Field("name", \.name, { $0.pointee.name }),
        Field("url", \.url, { $0.pointee.url }),
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
        Field("assignedTo", \.assignedTo, { $0.pointee.assignedTo }),
        Field("comment", \.comment, { $0.pointee.comment }),
        Field("state", \.state, { $0.pointee.state }),
        Field("updatedBy", \.updatedBy, { $0.pointee.updatedBy }),
        Field("updatedDateTime", \.updatedDateTime, { $0.pointee.updatedDateTime }),
    ])
}
