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
        Field("provider", \.provider, \.provider),
        Field("providerVersion", \.providerVersion, \.providerVersion),
        Field("subProvider", \.subProvider, \.subProvider),
        Field("vendor", \.vendor, \.vendor),
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
        Field("aadUserId", \.aadUserId, \.aadUserId),
        Field("accountName", \.accountName, \.accountName),
        Field("domainName", \.domainName, \.domainName),
        Field("emailRole", \.emailRole, \.emailRole),
        Field("isVpn", \.isVpn, \.isVpn),
        Field("logonDateTime", \.logonDateTime, \.logonDateTime),
        Field("logonId", \.logonId, \.logonId),
        Field("logonIp", \.logonIp, \.logonIp),
        Field("logonLocation", \.logonLocation, \.logonLocation),
        Field("logonType", \.logonType, \.logonType),
        Field("onPremisesSecurityIdentifier", \.onPremisesSecurityIdentifier, \.onPremisesSecurityIdentifier),
        Field("riskScore", \.riskScore, \.riskScore),
        Field("userAccountType", \.userAccountType, \.userAccountType),
        Field("userPrincipalName", \.userPrincipalName, \.userPrincipalName),
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
        Field("fqdn", \.fqdn, \.fqdn),
        Field("isAzureAdJoined", \.isAzureAdJoined, \.isAzureAdJoined),
        Field("isAzureAdRegistered", \.isAzureAdRegistered, \.isAzureAdRegistered),
        Field("isHybridAzureDomainJoined", \.isHybridAzureDomainJoined, \.isHybridAzureDomainJoined),
        Field("netBiosName", \.netBiosName, \.netBiosName),
        Field("os", \.os, \.os),
        Field("privateIpAddress", \.privateIpAddress, \.privateIpAddress),
        Field("publicIpAddress", \.publicIpAddress, \.publicIpAddress),
        Field("riskScore", \.riskScore, \.riskScore),
    ])
}

/// `fileHash`.
public struct FileHash: GraphObject {
    public var hashType: FileHashType?
    public var hashValue: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("fileHash", [
        Field("hashType", \.hashType, \.hashType),
        Field("hashValue", \.hashValue, \.hashValue),
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
        Field("fileHash", \.fileHash, \.fileHash),
        Field("name", \.name, \.name),
        Field("path", \.path, \.path),
        Field("riskScore", \.riskScore, \.riskScore),
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
        Field("applicationName", \.applicationName, \.applicationName),
        Field("destinationAddress", \.destinationAddress, \.destinationAddress),
        Field("destinationDomain", \.destinationDomain, \.destinationDomain),
        Field("destinationLocation", \.destinationLocation, \.destinationLocation),
        Field("destinationPort", \.destinationPort, \.destinationPort),
        Field("destinationUrl", \.destinationUrl, \.destinationUrl),
        Field("direction", \.direction, \.direction),
        Field("domainRegisteredDateTime", \.domainRegisteredDateTime, \.domainRegisteredDateTime),
        Field("localDnsName", \.localDnsName, \.localDnsName),
        Field("natDestinationAddress", \.natDestinationAddress, \.natDestinationAddress),
        Field("natDestinationPort", \.natDestinationPort, \.natDestinationPort),
        Field("natSourceAddress", \.natSourceAddress, \.natSourceAddress),
        Field("natSourcePort", \.natSourcePort, \.natSourcePort),
        Field("protocol", \.`protocol`, \.`protocol`),
        Field("riskScore", \.riskScore, \.riskScore),
        Field("sourceAddress", \.sourceAddress, \.sourceAddress),
        Field("sourceLocation", \.sourceLocation, \.sourceLocation),
        Field("sourcePort", \.sourcePort, \.sourcePort),
        Field("status", \.status, \.status),
        Field("urlParameters", \.urlParameters, \.urlParameters),
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
        Field("accountName", \.accountName, \.accountName),
        Field("commandLine", \.commandLine, \.commandLine),
        Field("createdDateTime", \.createdDateTime, \.createdDateTime),
        Field("fileHash", \.fileHash, \.fileHash),
        Field("integrityLevel", \.integrityLevel, \.integrityLevel),
        Field("isElevated", \.isElevated, \.isElevated),
        Field("name", \.name, \.name),
        Field("parentProcessCreatedDateTime", \.parentProcessCreatedDateTime, \.parentProcessCreatedDateTime),
        Field("parentProcessId", \.parentProcessId, \.parentProcessId),
        Field("parentProcessName", \.parentProcessName, \.parentProcessName),
        Field("path", \.path, \.path),
        Field("processId", \.processId, \.processId),
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
        Field("hive", \.hive, \.hive),
        Field("key", \.key, \.key),
        Field("oldKey", \.oldKey, \.oldKey),
        Field("oldValueData", \.oldValueData, \.oldValueData),
        Field("oldValueName", \.oldValueName, \.oldValueName),
        Field("operation", \.operation, \.operation),
        Field("processId", \.processId, \.processId),
        Field("valueData", \.valueData, \.valueData),
        Field("valueName", \.valueName, \.valueName),
        Field("valueType", \.valueType, \.valueType),
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
        Field("category", \.category, \.category),
        Field("family", \.family, \.family),
        Field("name", \.name, \.name),
        Field("severity", \.severity, \.severity),
        Field("wasRunning", \.wasRunning, \.wasRunning),
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
        Field("cve", \.cve, \.cve),
        Field("severity", \.severity, \.severity),
        Field("wasRunning", \.wasRunning, \.wasRunning),
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
        Field("destinationServiceIp", \.destinationServiceIp, \.destinationServiceIp),
        Field("destinationServiceName", \.destinationServiceName, \.destinationServiceName),
        Field("riskScore", \.riskScore, \.riskScore),
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
        Field("name", \.name, \.name),
        Field("type", \.type, \.type),
        Field("value", \.value, \.value),
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
        Field("appId", \.appId, \.appId),
        Field("assignedTo", \.assignedTo, \.assignedTo),
        Field("comments", \.comments, \.comments),
        Field("feedback", \.feedback, \.feedback),
        Field("status", \.status, \.status),
        Field("updatedDateTime", \.updatedDateTime, \.updatedDateTime),
        Field("user", \.user, \.user),
    ])
}

/// `securityResource`.
public struct SecurityResource: GraphObject {
    public var resource: String?
    public var resourceType: SecurityResourceType?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("securityResource", [
        Field("resource", \.resource, \.resource),
        Field("resourceType", \.resourceType, \.resourceType),
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
        Field("detectionType", \.detectionType, \.detectionType),
        Field("method", \.method, \.method),
        Field("name", \.name, \.name),
    ])
}

/// `investigationSecurityState`.
public struct InvestigationSecurityState: GraphObject {
    public var name: String?
    public var status: String?
    public var passthrough = Passthrough()

    public init() {}

    public static let graphSchema = ObjectSchema<Self>("investigationSecurityState", [
        Field("name", \.name, \.name),
        Field("status", \.status, \.status),
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
        Field("connectingIP", \.connectingIP, \.connectingIP),
        Field("deliveryAction", \.deliveryAction, \.deliveryAction),
        Field("deliveryLocation", \.deliveryLocation, \.deliveryLocation),
        Field("directionality", \.directionality, \.directionality),
        Field("internetMessageId", \.internetMessageId, \.internetMessageId),
        Field("messageFingerprint", \.messageFingerprint, \.messageFingerprint),
        Field("messageReceivedDateTime", \.messageReceivedDateTime, \.messageReceivedDateTime),
        Field("messageSubject", \.messageSubject, \.messageSubject),
        Field("networkMessageId", \.networkMessageId, \.networkMessageId),
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
        Field("clickAction", \.clickAction, \.clickAction),
        Field("clickDateTime", \.clickDateTime, \.clickDateTime),
        Field("id", \.id, \.id),
        Field("sourceId", \.sourceId, \.sourceId),
        Field("uriDomain", \.uriDomain, \.uriDomain),
        Field("verdict", \.verdict, \.verdict),
    ])
}
