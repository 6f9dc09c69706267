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
        Field("id", \.id, { $0.pointee.id }),
        Field("resource", \.resource, { $0.pointee.resource }),
        Field("applicationId", \.applicationId, { $0.pointee.applicationId }),
        Field("changeType", \.changeType, { $0.pointee.changeType }),
        Field("clientState", \.clientState, { $0.pointee.clientState }),
        Field("notificationUrl", \.notificationUrl, { $0.pointee.notificationUrl }),
        Field("lifecycleNotificationUrl", \.lifecycleNotificationUrl, { $0.pointee.lifecycleNotificationUrl }),
        Field("expirationDateTime", \.expirationDateTime, { $0.pointee.expirationDateTime }),
        Field("creatorId", \.creatorId, { $0.pointee.creatorId }),
        Field("latestSupportedTlsVersion", \.latestSupportedTlsVersion, { $0.pointee.latestSupportedTlsVersion }),
        Field("notificationContentType", \.notificationContentType, { $0.pointee.notificationContentType }),
        Field("includeResourceData", \.includeResourceData, { $0.pointee.includeResourceData }),
        Field("encryptionCertificate", \.encryptionCertificate, { $0.pointee.encryptionCertificate }),
        Field("encryptionCertificateId", \.encryptionCertificateId, { $0.pointee.encryptionCertificateId }),
    ])
}
