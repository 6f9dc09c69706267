/// `microsoft.graph.tiIndicator` (beta): a threat indicator (IoC) with its observables (spec §3.2).
public struct TiIndicator: GraphObject {
    public var id: String?
    public var action: TiAction?
    public var activityGroupNames: [String]?
    public var additionalInformation: String?
    public var azureTenantId: String?
    public var confidence: Int32?
    public var description: String?
    public var diamondModel: DiamondModel?
    public var expirationDateTime: DateTimeOffset?
    public var externalId: String?
    public var ingestedDateTime: DateTimeOffset?
    public var isActive: Bool?
    public var killChain: [String]?
    public var knownFalsePositives: String?
    public var lastReportedDateTime: DateTimeOffset?
    public var malwareFamilyNames: [String]?
    public var passiveOnly: Bool?
    public var severity: Int32?
    public var tags: [String]?
    public var targetProduct: String?
    public var threatType: String?
    public var tlpLevel: TlpLevel?
    public var emailEncoding: String?
    public var emailLanguage: String?
    public var emailRecipient: String?
    public var emailSenderAddress: String?
    public var emailSenderName: String?
    public var emailSourceDomain: String?
    public var emailSourceIpAddress: String?
    public var emailSubject: String?
    public var emailXMailer: String?
    public var fileCompileDateTime: DateTimeOffset?
    public var fileCreatedDateTime: DateTimeOffset?
    public var fileHashType: FileHashType?
    public var fileHashValue: String?
    public var fileMutexName: String?
    public var fileName: String?
    public var filePacker: String?
    public var filePath: String?
    public var fileSize: Int64?
    public var fileType: String?
    public var domainName: String?
    public var networkCidrBlock: String?
    public var networkDestinationAsn: Int32?
    public var networkDestinationCidrBlock: String?
    public var networkDestinationIPv4: String?
    public var networkDestinationIPv6: String?
    public var networkDestinationPort: Int32?
    public var networkIPv4: String?
    public var networkIPv6: String?
    public var networkPort: Int32?
    public var networkProtocol: Int32?
    public var networkSourceAsn: Int32?
    public var networkSourceCidrBlock: String?
    public var networkSourceIPv4: String?
    public var networkSourceIPv6: String?
    public var networkSourcePort: Int32?
    public var url: String?
    public var userAgent: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("tiIndicator", [
        Field("id", \.id, { $0.pointee.id }),
        Field("action", \.action, { $0.pointee.action }),
        Field("activityGroupNames", \.activityGroupNames, { $0.pointee.activityGroupNames }),
        Field("additionalInformation", \.additionalInformation, { $0.pointee.additionalInformation }),
        Field("azureTenantId", \.azureTenantId, { $0.pointee.azureTenantId }),
        Field("confidence", \.confidence, { $0.pointee.confidence }),
        Field("description", \.description, { $0.pointee.description }),
        Field("diamondModel", \.diamondModel, { $0.pointee.diamondModel }),
        Field("expirationDateTime", \.expirationDateTime, { $0.pointee.expirationDateTime }),
        Field("externalId", \.externalId, { $0.pointee.externalId }),
        Field("ingestedDateTime", \.ingestedDateTime, { $0.pointee.ingestedDateTime }),
        Field("isActive", \.isActive, { $0.pointee.isActive }),
        Field("killChain", \.killChain, { $0.pointee.killChain }),
        Field("knownFalsePositives", \.knownFalsePositives, { $0.pointee.knownFalsePositives }),
        Field("lastReportedDateTime", \.lastReportedDateTime, { $0.pointee.lastReportedDateTime }),
        Field("malwareFamilyNames", \.malwareFamilyNames, { $0.pointee.malwareFamilyNames }),
        Field("passiveOnly", \.passiveOnly, { $0.pointee.passiveOnly }),
        Field("severity", \.severity, { $0.pointee.severity }),
        Field("tags", \.tags, { $0.pointee.tags }),
        Field("targetProduct", \.targetProduct, { $0.pointee.targetProduct }),
        Field("threatType", \.threatType, { $0.pointee.threatType }),
        Field("tlpLevel", \.tlpLevel, { $0.pointee.tlpLevel }),
        Field("emailEncoding", \.emailEncoding, { $0.pointee.emailEncoding }),
        Field("emailLanguage", \.emailLanguage, { $0.pointee.emailLanguage }),
        Field("emailRecipient", \.emailRecipient, { $0.pointee.emailRecipient }),
        Field("emailSenderAddress", \.emailSenderAddress, { $0.pointee.emailSenderAddress }),
        Field("emailSenderName", \.emailSenderName, { $0.pointee.emailSenderName }),
        Field("emailSourceDomain", \.emailSourceDomain, { $0.pointee.emailSourceDomain }),
        Field("emailSourceIpAddress", \.emailSourceIpAddress, { $0.pointee.emailSourceIpAddress }),
        Field("emailSubject", \.emailSubject, { $0.pointee.emailSubject }),
        Field("emailXMailer", \.emailXMailer, { $0.pointee.emailXMailer }),
        Field("fileCompileDateTime", \.fileCompileDateTime, { $0.pointee.fileCompileDateTime }),
        Field("fileCreatedDateTime", \.fileCreatedDateTime, { $0.pointee.fileCreatedDateTime }),
        Field("fileHashType", \.fileHashType, { $0.pointee.fileHashType }),
        Field("fileHashValue", \.fileHashValue, { $0.pointee.fileHashValue }),
        Field("fileMutexName", \.fileMutexName, { $0.pointee.fileMutexName }),
        Field("fileName", \.fileName, { $0.pointee.fileName }),
        Field("filePacker", \.filePacker, { $0.pointee.filePacker }),
        Field("filePath", \.filePath, { $0.pointee.filePath }),
        Field("fileSize", \.fileSize, { $0.pointee.fileSize }),
        Field("fileType", \.fileType, { $0.pointee.fileType }),
        Field("domainName", \.domainName, { $0.pointee.domainName }),
        Field("networkCidrBlock", \.networkCidrBlock, { $0.pointee.networkCidrBlock }),
        Field("networkDestinationAsn", \.networkDestinationAsn, { $0.pointee.networkDestinationAsn }),
        Field("networkDestinationCidrBlock", \.networkDestinationCidrBlock, { $0.pointee.networkDestinationCidrBlock }),
        Field("networkDestinationIPv4", \.networkDestinationIPv4, { $0.pointee.networkDestinationIPv4 }),
        Field("networkDestinationIPv6", \.networkDestinationIPv6, { $0.pointee.networkDestinationIPv6 }),
        Field("networkDestinationPort", \.networkDestinationPort, { $0.pointee.networkDestinationPort }),
        Field("networkIPv4", \.networkIPv4, { $0.pointee.networkIPv4 }),
        Field("networkIPv6", \.networkIPv6, { $0.pointee.networkIPv6 }),
        Field("networkPort", \.networkPort, { $0.pointee.networkPort }),
        Field("networkProtocol", \.networkProtocol, { $0.pointee.networkProtocol }),
        Field("networkSourceAsn", \.networkSourceAsn, { $0.pointee.networkSourceAsn }),
        Field("networkSourceCidrBlock", \.networkSourceCidrBlock, { $0.pointee.networkSourceCidrBlock }),
        Field("networkSourceIPv4", \.networkSourceIPv4, { $0.pointee.networkSourceIPv4 }),
        Field("networkSourceIPv6", \.networkSourceIPv6, { $0.pointee.networkSourceIPv6 }),
        Field("networkSourcePort", \.networkSourcePort, { $0.pointee.networkSourcePort }),
        Field("url", \.url, { $0.pointee.url }),
        Field("userAgent", \.userAgent, { $0.pointee.userAgent }),
    ])
}

/// `microsoft.graph.resultInfo`: the outcome of one item of a bulk operation.
public struct ResultInfo: GraphObject {
    public var code: Int32?
    public var subcode: Int32?
    public var message: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("resultInfo", [
        Field("code", \.code, { $0.pointee.code }),
        Field("subcode", \.subcode, { $0.pointee.subcode }),
        Field("message", \.message, { $0.pointee.message }),
    ])
}
