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
        Field("id", \.id, \.id),
        Field("action", \.action, \.action),
        Field("activityGroupNames", \.activityGroupNames, \.activityGroupNames),
        Field("additionalInformation", \.additionalInformation, \.additionalInformation),
        Field("azureTenantId", \.azureTenantId, \.azureTenantId),
        Field("confidence", \.confidence, \.confidence),
        Field("description", \.description, \.description),
        Field("diamondModel", \.diamondModel, \.diamondModel),
        Field("expirationDateTime", \.expirationDateTime, \.expirationDateTime),
        Field("externalId", \.externalId, \.externalId),
        Field("ingestedDateTime", \.ingestedDateTime, \.ingestedDateTime),
        Field("isActive", \.isActive, \.isActive),
        Field("killChain", \.killChain, \.killChain),
        Field("knownFalsePositives", \.knownFalsePositives, \.knownFalsePositives),
        Field("lastReportedDateTime", \.lastReportedDateTime, \.lastReportedDateTime),
        Field("malwareFamilyNames", \.malwareFamilyNames, \.malwareFamilyNames),
        Field("passiveOnly", \.passiveOnly, \.passiveOnly),
        Field("severity", \.severity, \.severity),
        Field("tags", \.tags, \.tags),
        Field("targetProduct", \.targetProduct, \.targetProduct),
        Field("threatType", \.threatType, \.threatType),
        Field("tlpLevel", \.tlpLevel, \.tlpLevel),
        Field("emailEncoding", \.emailEncoding, \.emailEncoding),
        Field("emailLanguage", \.emailLanguage, \.emailLanguage),
        Field("emailRecipient", \.emailRecipient, \.emailRecipient),
        Field("emailSenderAddress", \.emailSenderAddress, \.emailSenderAddress),
        Field("emailSenderName", \.emailSenderName, \.emailSenderName),
        Field("emailSourceDomain", \.emailSourceDomain, \.emailSourceDomain),
        Field("emailSourceIpAddress", \.emailSourceIpAddress, \.emailSourceIpAddress),
        Field("emailSubject", \.emailSubject, \.emailSubject),
        Field("emailXMailer", \.emailXMailer, \.emailXMailer),
        Field("fileCompileDateTime", \.fileCompileDateTime, \.fileCompileDateTime),
        Field("fileCreatedDateTime", \.fileCreatedDateTime, \.fileCreatedDateTime),
        Field("fileHashType", \.fileHashType, \.fileHashType),
        Field("fileHashValue", \.fileHashValue, \.fileHashValue),
        Field("fileMutexName", \.fileMutexName, \.fileMutexName),
        Field("fileName", \.fileName, \.fileName),
        Field("filePacker", \.filePacker, \.filePacker),
        Field("filePath", \.filePath, \.filePath),
        Field("fileSize", \.fileSize, \.fileSize),
        Field("fileType", \.fileType, \.fileType),
        Field("domainName", \.domainName, \.domainName),
        Field("networkCidrBlock", \.networkCidrBlock, \.networkCidrBlock),
        Field("networkDestinationAsn", \.networkDestinationAsn, \.networkDestinationAsn),
        Field("networkDestinationCidrBlock", \.networkDestinationCidrBlock, \.networkDestinationCidrBlock),
        Field("networkDestinationIPv4", \.networkDestinationIPv4, \.networkDestinationIPv4),
        Field("networkDestinationIPv6", \.networkDestinationIPv6, \.networkDestinationIPv6),
        Field("networkDestinationPort", \.networkDestinationPort, \.networkDestinationPort),
        Field("networkIPv4", \.networkIPv4, \.networkIPv4),
        Field("networkIPv6", \.networkIPv6, \.networkIPv6),
        Field("networkPort", \.networkPort, \.networkPort),
        Field("networkProtocol", \.networkProtocol, \.networkProtocol),
        Field("networkSourceAsn", \.networkSourceAsn, \.networkSourceAsn),
        Field("networkSourceCidrBlock", \.networkSourceCidrBlock, \.networkSourceCidrBlock),
        Field("networkSourceIPv4", \.networkSourceIPv4, \.networkSourceIPv4),
        Field("networkSourceIPv6", \.networkSourceIPv6, \.networkSourceIPv6),
        Field("networkSourcePort", \.networkSourcePort, \.networkSourcePort),
        Field("url", \.url, \.url),
        Field("userAgent", \.userAgent, \.userAgent),
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
        Field("code", \.code, \.code),
        Field("subcode", \.subcode, \.subcode),
        Field("message", \.message, \.message),
    ])
}
