/// One control of a catalog (built-in or a deployment's file): what a `secureScoreControlProfile` says
/// about it, and how it is scored.
public struct ScoreControl: Sendable, Equatable {
    /// The profile id and the `controlName` of its `controlScore`, e.g. `VigilProvidersHealthy`.
    public var id: String
    public var title: String
    /// The `controlScore.description` (defaults to the title).
    public var description: String?
    /// Identity, Data, Device, Apps or Infrastructure.
    public var controlCategory: String
    /// Config, Review or Behavior.
    public var actionType: String
    public var actionUrl: String?
    public var service: String
    public var maxScore: Double
    public var rank: Int32?
    public var tier: String?
    public var userImpact: String?
    public var implementationCost: String?
    public var threats: [String]
    public var remediation: String?
    public var remediationImpact: String?
    public var deprecated: Bool
    public var complianceInformation: [ComplianceInformation]?
    public var vendorInformation: SecurityVendorInformation
    /// The tenants the control applies to (every tenant when `nil`).
    public var tenants: Set<String>?
    /// How Vigil measures it; `nil` for a manual control.
    public var check: ScoreCheck?
    /// Where it was defined: `built-in` or the catalog file's path.
    public var origin: String

    public init(id: String, title: String, description: String? = nil, controlCategory: String, actionType: String,
                actionUrl: String? = nil, service: String, maxScore: Double, rank: Int32? = nil, tier: String? = nil,
                userImpact: String? = nil, implementationCost: String? = nil, threats: [String] = [],
                remediation: String? = nil, remediationImpact: String? = nil, deprecated: Bool = false,
                complianceInformation: [ComplianceInformation]? = nil, vendorInformation: SecurityVendorInformation,
                tenants: Set<String>? = nil, check: ScoreCheck? = nil, origin: String)
    {
        self.id = id
        self.title = title
        self.description = description
        self.controlCategory = controlCategory
        self.actionType = actionType
        self.actionUrl = actionUrl
        self.service = service
        self.maxScore = maxScore
        self.rank = rank
        self.tier = tier
        self.userImpact = userImpact
        self.implementationCost = implementationCost
        self.threats = threats
        self.remediation = remediation
        self.remediationImpact = remediationImpact
        self.deprecated = deprecated
        self.complianceInformation = complianceInformation
        self.vendorInformation = vendorInformation
        self.tenants = tenants
        self.check = check
        self.origin = origin
    }

    /// Whether the control applies to a tenant.
    public func applies(to tenantId: String) -> Bool { tenants?.contains(tenantId) ?? true }

    /// The control's profile in a tenant, with its state history.
    ///
    /// - Parameters:
    ///   - baseURL: replaces `{baseUrl}` in `actionUrl`.
    ///   - updates: the tenant's `controlStateUpdates` of this control, oldest first.
    public func profile(tenantId: String, baseURL: String, updates: [SecureScoreControlStateUpdate]) -> SecureScoreControlProfile {
        var p = SecureScoreControlProfile()
        p.id = id
        p.azureTenantId = tenantId
        p.actionType = actionType
        p.actionUrl = actionUrl.map { $0.replacing("{baseUrl}", with: baseURL) }
        p.controlCategory = controlCategory
        p.title = title
        p.deprecated = deprecated
        p.implementationCost = implementationCost
        p.lastModifiedDateTime = updates.last?.updatedDateTime
        if p.lastModifiedDateTime == nil { p.passthrough.explicitNulls.insert("lastModifiedDateTime") }
        p.maxScore = maxScore
        p.rank = rank
        p.remediation = remediation
        p.remediationImpact = remediationImpact
        p.service = service
        p.threats = threats
        p.tier = tier
        p.userImpact = userImpact
        p.complianceInformation = complianceInformation ?? []
        p.controlStateUpdates = updates
        p.vendorInformation = vendorInformation
        p.passthrough.properties[Self.scoringAnnotation] = .string(check.map { "automatic:\($0.kind)" } ?? "manual")
        return p
    }

    /// `@vigil.scoring` on a profile: `manual`, or `automatic:<check kind>`.
    public static let scoringAnnotation = "@vigil.scoring"
}
