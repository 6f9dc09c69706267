/// `microsoft.graph.secureScore`: a tenant's security score for one day (spec §5.2).
public struct SecureScore: GraphObject {
    public var id: String?
    public var azureTenantId: String?
    public var activeUserCount: Int32?
    public var createdDateTime: DateTimeOffset?
    public var currentScore: Double?
    public var enabledServices: [String]?
    public var licensedUserCount: Int32?
    public var maxScore: Double?
    public var averageComparativeScores: [AverageComparativeScore]?
    public var controlScores: [ControlScore]?
    public var vendorInformation: SecurityVendorInformation?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("secureScore", [
        Field("id", \.id, \.id),
        Field("azureTenantId", \.azureTenantId, \.azureTenantId),
        Field("activeUserCount", \.activeUserCount, \.activeUserCount),
        Field("createdDateTime", \.createdDateTime, \.createdDateTime),
        Field("currentScore", \.currentScore, \.currentScore),
        Field("enabledServices", \.enabledServices, \.enabledServices),
        Field("licensedUserCount", \.licensedUserCount, \.licensedUserCount),
        Field("maxScore", \.maxScore, \.maxScore),
        Field("averageComparativeScores", \.averageComparativeScores, \.averageComparativeScores),
        Field("controlScores", \.controlScores, \.controlScores),
        Field("vendorInformation", \.vendorInformation, \.vendorInformation),
    ])
}

/// `averageComparativeScore`.
public struct AverageComparativeScore: GraphObject {
    public var averageScore: Double?
    public var basis: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("averageComparativeScore", [
        Field("averageScore", \.averageScore, \.averageScore),
        Field("basis", \.basis, \.basis),
    ])
}

/// `controlScore`.
public struct ControlScore: GraphObject {
    public var controlCategory: String?
    public var controlName: String?
    public var description: String?
    public var score: Double?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("controlScore", [
        Field("controlCategory", \.controlCategory, \.controlCategory),
        Field("controlName", \.controlName, \.controlName),
        Field("description", \.description, \.description),
        Field("score", \.score, \.score),
    ])
}
