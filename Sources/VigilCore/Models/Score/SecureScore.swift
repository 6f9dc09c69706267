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
        Field("id", \.id, { $0.pointee.id }),
        Field("azureTenantId", \.azureTenantId, { $0.pointee.azureTenantId }),
        Field("activeUserCount", \.activeUserCount, { $0.pointee.activeUserCount }),
        Field("createdDateTime", \.createdDateTime, { $0.pointee.createdDateTime }),
        Field("currentScore", \.currentScore, { $0.pointee.currentScore }),
        Field("enabledServices", \.enabledServices, { $0.pointee.enabledServices }),
        Field("licensedUserCount", \.licensedUserCount, { $0.pointee.licensedUserCount }),
        Field("maxScore", \.maxScore, { $0.pointee.maxScore }),
        Field("averageComparativeScores", \.averageComparativeScores, { $0.pointee.averageComparativeScores }),
        Field("controlScores", \.controlScores, { $0.pointee.controlScores }),
        Field("vendorInformation", \.vendorInformation, { $0.pointee.vendorInformation }),
    ])
}

/// `averageComparativeScore`.
public struct AverageComparativeScore: GraphObject {
    public var averageScore: Double?
    public var basis: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("averageComparativeScore", [
        Field("averageScore", \.averageScore, { $0.pointee.averageScore }),
        Field("basis", \.basis, { $0.pointee.basis }),
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
        Field("controlCategory", \.controlCategory, { $0.pointee.controlCategory }),
        Field("controlName", \.controlName, { $0.pointee.controlName }),
        Field("description", \.description, { $0.pointee.description }),
        Field("score", \.score, { $0.pointee.score }),
    ])
}
