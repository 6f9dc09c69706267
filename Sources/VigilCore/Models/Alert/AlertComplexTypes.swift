/// Complex types of the legacy security alert (`microsoft.graph`, spec §1.4).

/// `microsoft.graph.securityVendorInformation`: which product raised an entity; routes updates.
public struct SecurityVendorInformation: GraphObject {
    public var provider: String?
    public var providerVersion: String?
    public var subProvider: String?
    public var vendor: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("securityVendorInformation", [
        Field("provider", \.provider, { $0.pointee.provider }),
        Field("providerVersion", \.providerVersion, { $0.pointee.providerVersion }),
        Field("subProvider", \.subProvider, { $0.pointee.subProvider }),
        Field("vendor", \.vendor, { $0.pointee.vendor }),
    ])
}

/// `userSecurityState`.
public struct UserSecurityState: GraphObject {
    public var aadUserId: String?
    public var accountName: String?
    public var domainName: String?
    public var emailRole: EmailRole?
    public var isVpn: Bool?
    public var logonDateTime: DateTimeOffset?
    public var logonId: String?
    public var logonIp: String?
    public var logonLocation: String?
    public var logonType: LogonType?
    public var onPremisesSecurityIdentifier: String?
    public var riskScore: String?
    public var userAccountType: UserAccountSecurityType?
    public var userPrincipalName: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("userSecurityState", [
        Field("aadUserId", \.aadUserId, { $0.pointee.aadUserId }),
        Field("accountName", \.accountName, { $0.pointee.accountName }),
        Field("domainName", \.domainName, { $0.pointee.domainName }),
        Field("emailRole", \.emailRole, { $0.pointee.emailRole }),
        Field("isVpn", \.isVpn, { $0.pointee.isVpn }),
        Field("logonDateTime", \.logonDateTime, { $0.pointee.logonDateTime }),
        Field("logonId", \.logonId, { $0.pointee.logonId }),
        Field("logonIp", \.logonIp, { $0.pointee.logonIp }),
        Field("logonLocation", \.logonLocation, { $0.pointee.logonLocation }),
        Field("logonType", \.logonType, { $0.pointee.logonType }),
        Field("onPremisesSecurityIdentifier", \.onPremisesSecurityIdentifier, { $0.pointee.onPremisesSecurityIdentifier }),
        Field("riskScore", \.riskScore, { $0.pointee.riskScore }),
        Field("userAccountType", \.userAccountType, { $0.pointee.userAccountType }),
        Field("userPrincipalName", \.userPrincipalName, { $0.pointee.userPrincipalName }),
    ])
}

/// `microsoft.graph.hostSecurityState` (CSDL spellings `isAzureAdJoined`, `isAzureAdRegistered`).
public struct HostSecurityState: GraphObject {
    public var fqdn: String?
    public var isAzureAdJoined: Bool?
    public var isAzureAdRegistered: Bool?
    public var isHybridAzureDomainJoined: Bool?
    public var netBiosName: String?
    public var os: String?
    public var privateIpAddress: String?
    public var publicIpAddress: String?
    public var riskScore: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("hostSecurityState", [
        Field("fqdn", \.fqdn, { $0.pointee.fqdn }),
        Field("isAzureAdJoined", \.isAzureAdJoined, { $0.pointee.isAzureAdJoined }),
        Field("isAzureAdRegistered", \.isAzureAdRegistered, { $0.pointee.isAzureAdRegistered }),
        Field("isHybridAzureDomainJoined", \.isHybridAzureDomainJoined, { $0.pointee.isHybridAzureDomainJoined }),
        Field("netBiosName", \.netBiosName, { $0.pointee.netBiosName }),
        Field("os", \.os, { $0.pointee.os }),
        Field("privateIpAddress", \.privateIpAddress, { $0.pointee.privateIpAddress }),
        Field("publicIpAddress", \.publicIpAddress, { $0.pointee.publicIpAddress }),
        Field("riskScore", \.riskScore, { $0.pointee.riskScore }),
    ])
}

/// `fileHash`.
public struct FileHash: GraphObject {
    public var hashType: FileHashType?
    public var hashValue: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("fileHash", [
        Field("hashType", \.hashType, { $0.pointee.hashType }),
        Field("hashValue", \.hashValue, { $0.pointee.hashValue }),
    ])
}

/// `fileSecurityState`.
public struct FileSecurityState: GraphObject {
    public var fileHash: FileHash?
    public var name: String?
    public var path: String?
    public var riskScore: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("fileSecurityState", [
        Field("fileHash", \.fileHash, { $0.pointee.fileHash }),
        Field("name", \.name, { $0.pointee.name }),
        Field("path", \.path, { $0.pointee.path }),
        Field("riskScore", \.riskScore, { $0.pointee.riskScore }),
    ])
}

/// `microsoft.graph.networkConnection` (ports are strings on the wire).
public struct NetworkConnection: GraphObject {
    public var applicationName: String?
    public var destinationAddress: String?
    public var destinationDomain: String?
    public var destinationLocation: String?
    public var destinationPort: String?
    public var destinationUrl: String?
    public var direction: ConnectionDirection?
    public var domainRegisteredDateTime: DateTimeOffset?
    public var localDnsName: String?
    public var natDestinationAddress: String?
    public var natDestinationPort: String?
    public var natSourceAddress: String?
    public var natSourcePort: String?
    public var `protocol`: SecurityNetworkProtocol?
    public var riskScore: String?
    public var sourceAddress: String?
    public var sourceLocation: String?
    public var sourcePort: String?
    public var status: ConnectionStatus?
    public var urlParameters: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("networkConnection", [
        Field("applicationName", \.applicationName, { $0.pointee.applicationName }),
        Field("destinationAddress", \.destinationAddress, { $0.pointee.destinationAddress }),
        Field("destinationDomain", \.destinationDomain, { $0.pointee.destinationDomain }),
        Field("destinationLocation", \.destinationLocation, { $0.pointee.destinationLocation }),
        Field("destinationPort", \.destinationPort, { $0.pointee.destinationPort }),
        Field("destinationUrl", \.destinationUrl, { $0.pointee.destinationUrl }),
        Field("direction", \.direction, { $0.pointee.direction }),
        Field("domainRegisteredDateTime", \.domainRegisteredDateTime, { $0.pointee.domainRegisteredDateTime }),
        Field("localDnsName", \.localDnsName, { $0.pointee.localDnsName }),
        Field("natDestinationAddress", \.natDestinationAddress, { $0.pointee.natDestinationAddress }),
        Field("natDestinationPort", \.natDestinationPort, { $0.pointee.natDestinationPort }),
        Field("natSourceAddress", \.natSourceAddress, { $0.pointee.natSourceAddress }),
        Field("natSourcePort", \.natSourcePort, { $0.pointee.natSourcePort }),
        Field("protocol", \.`protocol`, { $0.pointee.`protocol` }),
        Field("riskScore", \.riskScore, { $0.pointee.riskScore }),
        Field("sourceAddress", \.sourceAddress, { $0.pointee.sourceAddress }),
        Field("sourceLocation", \.sourceLocation, { $0.pointee.sourceLocation }),
        Field("sourcePort", \.sourcePort, { $0.pointee.sourcePort }),
        Field("status", \.status, { $0.pointee.status }),
        Field("urlParameters", \.urlParameters, { $0.pointee.urlParameters }),
    ])
}

/// `process`.
public struct Process: GraphObject {
    public var accountName: String?
    public var commandLine: String?
    public var createdDateTime: DateTimeOffset?
    public var fileHash: FileHash?
    public var integrityLevel: ProcessIntegrityLevel?
    public var isElevated: Bool?
    public var name: String?
    public var parentProcessCreatedDateTime: DateTimeOffset?
    public var parentProcessId: Int32?
    public var parentProcessName: String?
    public var path: String?
    public var processId: Int32?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("process", [
        Field("accountName", \.accountName, { $0.pointee.accountName }),
        Field("commandLine", \.commandLine, { $0.pointee.commandLine }),
        Field("createdDateTime", \.createdDateTime, { $0.pointee.createdDateTime }),
        Field("fileHash", \.fileHash, { $0.pointee.fileHash }),
        Field("integrityLevel", \.integrityLevel, { $0.pointee.integrityLevel }),
        Field("isElevated", \.isElevated, { $0.pointee.isElevated }),
        Field("name", \.name, { $0.pointee.name }),
        Field("parentProcessCreatedDateTime", \.parentProcessCreatedDateTime, { $0.pointee.parentProcessCreatedDateTime }),
        Field("parentProcessId", \.parentProcessId, { $0.pointee.parentProcessId }),
        Field("parentProcessName", \.parentProcessName, { $0.pointee.parentProcessName }),
        Field("path", \.path, { $0.pointee.path }),
        Field("processId", \.processId, { $0.pointee.processId }),
    ])
}

/// `registryKeyState`.
public struct RegistryKeyState: GraphObject {
    public var hive: RegistryHive?
    public var key: String?
    public var oldKey: String?
    public var oldValueData: String?
    public var oldValueName: String?
    public var operation: RegistryOperation?
    public var processId: Int32?
    public var valueData: String?
    public var valueName: String?
    public var valueType: RegistryValueType?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("registryKeyState", [
        Field("hive", \.hive, { $0.pointee.hive }),
        Field("key", \.key, { $0.pointee.key }),
        Field("oldKey", \.oldKey, { $0.pointee.oldKey }),
        Field("oldValueData", \.oldValueData, { $0.pointee.oldValueData }),
        Field("oldValueName", \.oldValueName, { $0.pointee.oldValueName }),
        Field("operation", \.operation, { $0.pointee.operation }),
        Field("processId", \.processId, { $0.pointee.processId }),
        Field("valueData", \.valueData, { $0.pointee.valueData }),
        Field("valueName", \.valueName, { $0.pointee.valueName }),
        Field("valueType", \.valueType, { $0.pointee.valueType }),
    ])
}

/// `malwareState`.
public struct MalwareState: GraphObject {
    public var category: String?
    public var family: String?
    public var name: String?
    public var severity: String?
    public var wasRunning: Bool?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("malwareState", [
        Field("category", \.category, { $0.pointee.category }),
        Field("family", \.family, { $0.pointee.family }),
        Field("name", \.name, { $0.pointee.name }),
        Field("severity", \.severity, { $0.pointee.severity }),
        Field("wasRunning", \.wasRunning, { $0.pointee.wasRunning }),
    ])
}

/// `vulnerabilityState`.
public struct VulnerabilityState: GraphObject {
    public var cve: String?
    public var severity: String?
    public var wasRunning: Bool?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("vulnerabilityState", [
        Field("cve", \.cve, { $0.pointee.cve }),
        Field("severity", \.severity, { $0.pointee.severity }),
        Field("wasRunning", \.wasRunning, { $0.pointee.wasRunning }),
    ])
}

/// `cloudAppSecurityState`.
public struct CloudAppSecurityState: GraphObject {
    public var destinationServiceIp: String?
    public var destinationServiceName: String?
    public var riskScore: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("cloudAppSecurityState", [
        Field("destinationServiceIp", \.destinationServiceIp, { $0.pointee.destinationServiceIp }),
        Field("destinationServiceName", \.destinationServiceName, { $0.pointee.destinationServiceName }),
        Field("riskScore", \.riskScore, { $0.pointee.riskScore }),
    ])
}

/// `alertTrigger`.
public struct AlertTrigger: GraphObject {
    public var name: String?
    public var type: String?
    public var value: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("alertTrigger", [
        Field("name", \.name, { $0.pointee.name }),
        Field("type", \.type, { $0.pointee.type }),
        Field("value", \.value, { $0.pointee.value }),
    ])
}

/// `microsoft.graph.alertHistoryState`: one entry of an alert's change history, stamped from the caller's token.
public struct AlertHistoryState: GraphObject {
    public var appId: String?
    public var assignedTo: String?
    public var comments: [String]?
    public var feedback: AlertFeedback?
    public var status: AlertStatus?
    public var updatedDateTime: DateTimeOffset?
    public var user: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("alertHistoryState", [
        Field("appId", \.appId, { $0.pointee.appId }),
        Field("assignedTo", \.assignedTo, { $0.pointee.assignedTo }),
        Field("comments", \.comments, { $0.pointee.comments }),
        Field("feedback", \.feedback, { $0.pointee.feedback }),
        Field("status", \.status, { $0.pointee.status }),
        Field("updatedDateTime", \.updatedDateTime, { $0.pointee.updatedDateTime }),
        Field("user", \.user, { $0.pointee.user }),
    ])
}

/// `securityResource`.
public struct SecurityResource: GraphObject {
    public var resource: String?
    public var resourceType: SecurityResourceType?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("securityResource", [
        Field("resource", \.resource, { $0.pointee.resource }),
        Field("resourceType", \.resourceType, { $0.pointee.resourceType }),
    ])
}

/// `alertDetection`.
public struct AlertDetection: GraphObject {
    public var detectionType: String?
    public var method: String?
    public var name: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("alertDetection", [
        Field("detectionType", \.detectionType, { $0.pointee.detectionType }),
        Field("method", \.method, { $0.pointee.method }),
        Field("name", \.name, { $0.pointee.name }),
    ])
}

/// `investigationSecurityState`.
public struct InvestigationSecurityState: GraphObject {
    public var name: String?
    public var status: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("investigationSecurityState", [
        Field("name", \.name, { $0.pointee.name }),
        Field("status", \.status, { $0.pointee.status }),
    ])
}

/// `messageSecurityState`.
public struct MessageSecurityState: GraphObject {
    public var connectingIP: String?
    public var deliveryAction: String?
    public var deliveryLocation: String?
    public var directionality: String?
    public var internetMessageId: String?
    public var messageFingerprint: String?
    public var messageReceivedDateTime: DateTimeOffset?
    public var messageSubject: String?
    public var networkMessageId: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("messageSecurityState", [
        Field("connectingIP", \.connectingIP, { $0.pointee.connectingIP }),
        Field("deliveryAction", \.deliveryAction, { $0.pointee.deliveryAction }),
        Field("deliveryLocation", \.deliveryLocation, { $0.pointee.deliveryLocation }),
        Field("directionality", \.directionality, { $0.pointee.directionality }),
        Field("internetMessageId", \.internetMessageId, { $0.pointee.internetMessageId }),
        Field("messageFingerprint", \.messageFingerprint, { $0.pointee.messageFingerprint }),
        Field("messageReceivedDateTime", \.messageReceivedDateTime, { $0.pointee.messageReceivedDateTime }),
        Field("messageSubject", \.messageSubject, { $0.pointee.messageSubject }),
        Field("networkMessageId", \.networkMessageId, { $0.pointee.networkMessageId }),
    ])
}

/// `uriClickSecurityState`.
public struct UriClickSecurityState: GraphObject {
    public var clickAction: String?
    public var clickDateTime: DateTimeOffset?
    public var id: String?
    public var sourceId: String?
    public var uriDomain: String?
    public var verdict: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("uriClickSecurityState", [
        Field("clickAction", \.clickAction, { $0.pointee.clickAction }),
        Field("clickDateTime", \.clickDateTime, { $0.pointee.clickDateTime }),
        Field("id", \.id, { $0.pointee.id }),
        Field("sourceId", \.sourceId, { $0.pointee.sourceId }),
        Field("uriDomain", \.uriDomain, { $0.pointee.uriDomain }),
        Field("verdict", \.verdict, { $0.pointee.verdict }),
    ])
}
