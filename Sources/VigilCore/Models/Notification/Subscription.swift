/// `microsoft.graph.subscription`: a webhook subscription to changes of a resource (spec §6.1).
public struct Subscription: GraphObject {
    public var id: String?
    public var resource: String?
    public var applicationId: String?
    public var changeType: String?
    public var clientState: String?
    public var notificationUrl: String?
    public var lifecycleNotificationUrl: String?
    public var expirationDateTime: DateTimeOffset?
    public var creatorId: String?
    public var latestSupportedTlsVersion: String?
    public var notificationContentType: String?
    public var includeResourceData: Bool?
    public var encryptionCertificate: String?
    public var encryptionCertificateId: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("subscription", [
        Field("id", \.id, \.id),
        Field("resource", \.resource, \.resource),
        Field("applicationId", \.applicationId, \.applicationId),
        Field("changeType", \.changeType, \.changeType),
        Field("clientState", \.clientState, \.clientState),
        Field("notificationUrl", \.notificationUrl, \.notificationUrl),
        Field("lifecycleNotificationUrl", \.lifecycleNotificationUrl, \.lifecycleNotificationUrl),
        Field("expirationDateTime", \.expirationDateTime, \.expirationDateTime),
        Field("creatorId", \.creatorId, \.creatorId),
        Field("latestSupportedTlsVersion", \.latestSupportedTlsVersion, \.latestSupportedTlsVersion),
        Field("notificationContentType", \.notificationContentType, \.notificationContentType),
        Field("includeResourceData", \.includeResourceData, \.includeResourceData),
        Field("encryptionCertificate", \.encryptionCertificate, \.encryptionCertificate),
        Field("encryptionCertificateId", \.encryptionCertificateId, \.encryptionCertificateId),
    ])
}
