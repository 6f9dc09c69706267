/// Enumerations of the legacy security alert (`microsoft.graph`, spec §1.3), with their CSDL values.

/// `microsoft.graph.alertSeverity`.
public struct AlertSeverity: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("alertSeverity", [
        "unknown": 0, "informational": 1, "low": 2, "medium": 3, "high": 4, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let informational: Self = "informational"
    public static let low: Self = "low"
    public static let medium: Self = "medium"
    public static let high: Self = "high"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.alertStatus`.
public struct AlertStatus: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("alertStatus", [
        "unknown": 0, "newAlert": 1, "inProgress": 2, "resolved": 3, "dismissed": 4, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let newAlert: Self = "newAlert"
    public static let inProgress: Self = "inProgress"
    public static let resolved: Self = "resolved"
    public static let dismissed: Self = "dismissed"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.alertFeedback`.
public struct AlertFeedback: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("alertFeedback", [
        "unknown": 0, "truePositive": 1, "falsePositive": 2, "benignPositive": 3, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let truePositive: Self = "truePositive"
    public static let falsePositive: Self = "falsePositive"
    public static let benignPositive: Self = "benignPositive"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.connectionDirection`.
public struct ConnectionDirection: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("connectionDirection", [
        "unknown": 0, "inbound": 1, "outbound": 2, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let inbound: Self = "inbound"
    public static let outbound: Self = "outbound"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.connectionStatus`.
public struct ConnectionStatus: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("connectionStatus", [
        "unknown": 0, "attempted": 1, "succeeded": 2, "blocked": 3, "failed": 4, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let attempted: Self = "attempted"
    public static let succeeded: Self = "succeeded"
    public static let blocked: Self = "blocked"
    public static let failed: Self = "failed"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.emailRole`.
public struct EmailRole: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("emailRole", [
        "unknown": 0, "sender": 1, "recipient": 2, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let sender: Self = "sender"
    public static let recipient: Self = "recipient"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.fileHashType`.
public struct FileHashType: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("fileHashType", [
        "unknown": 0, "sha1": 1, "sha256": 2, "md5": 3, "authenticodeHash256": 4, "lsHash": 5, "ctph": 6,
        "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let sha1: Self = "sha1"
    public static let sha256: Self = "sha256"
    public static let md5: Self = "md5"
    public static let authenticodeHash256: Self = "authenticodeHash256"
    public static let lsHash: Self = "lsHash"
    public static let ctph: Self = "ctph"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.logonType`.
public struct LogonType: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("logonType", [
        "unknown": 0, "interactive": 1, "remoteInteractive": 2, "network": 3, "batch": 4, "service": 5,
        "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let interactive: Self = "interactive"
    public static let remoteInteractive: Self = "remoteInteractive"
    public static let network: Self = "network"
    public static let batch: Self = "batch"
    public static let service: Self = "service"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.processIntegrityLevel`.
public struct ProcessIntegrityLevel: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("processIntegrityLevel", [
        "unknown": 0, "untrusted": 1, "low": 2, "medium": 3, "high": 4, "system": 5, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let untrusted: Self = "untrusted"
    public static let low: Self = "low"
    public static let medium: Self = "medium"
    public static let high: Self = "high"
    public static let system: Self = "system"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.registryHive`.
public struct RegistryHive: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("registryHive", [
        "unknown": 0, "currentConfig": 1, "currentUser": 2, "localMachineSam": 3, "localMachineSecurity": 4,
        "localMachineSoftware": 5, "localMachineSystem": 6, "usersDefault": 7, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let currentConfig: Self = "currentConfig"
    public static let currentUser: Self = "currentUser"
    public static let localMachineSam: Self = "localMachineSam"
    public static let localMachineSecurity: Self = "localMachineSecurity"
    public static let localMachineSoftware: Self = "localMachineSoftware"
    public static let localMachineSystem: Self = "localMachineSystem"
    public static let usersDefault: Self = "usersDefault"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.registryOperation`.
public struct RegistryOperation: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("registryOperation", [
        "unknown": 0, "create": 1, "modify": 2, "delete": 3, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let create: Self = "create"
    public static let modify: Self = "modify"
    public static let delete: Self = "delete"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.registryValueType`.
public struct RegistryValueType: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("registryValueType", [
        "unknown": 0, "binary": 1, "dword": 2, "dwordLittleEndian": 3, "dwordBigEndian": 4, "expandSz": 5, "link": 6,
        "multiSz": 7, "none": 8, "qword": 9, "qwordlittleEndian": 10, "sz": 11, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let binary: Self = "binary"
    public static let dword: Self = "dword"
    public static let dwordLittleEndian: Self = "dwordLittleEndian"
    public static let dwordBigEndian: Self = "dwordBigEndian"
    public static let expandSz: Self = "expandSz"
    public static let link: Self = "link"
    public static let multiSz: Self = "multiSz"
    public static let `none`: Self = "none"
    public static let qword: Self = "qword"
    public static let qwordlittleEndian: Self = "qwordlittleEndian"
    public static let sz: Self = "sz"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.securityNetworkProtocol`.
public struct SecurityNetworkProtocol: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("securityNetworkProtocol", [
        "unknown": -1, "ip": 0, "icmp": 1, "igmp": 2, "ggp": 3, "ipv4": 4, "tcp": 6, "pup": 12, "udp": 17, "idp": 22,
        "ipv6": 41, "ipv6RoutingHeader": 43, "ipv6FragmentHeader": 44, "ipSecEncapsulatingSecurityPayload": 50,
        "ipSecAuthenticationHeader": 51, "icmpV6": 58, "ipv6NoNextHeader": 59, "ipv6DestinationOptions": 60, "nd": 77,
        "raw": 255, "ipx": 1000, "spx": 1256, "spxII": 1257, "unknownFutureValue": 32767,
    ])
    public static let unknown: Self = "unknown"
    public static let ip: Self = "ip"
    public static let icmp: Self = "icmp"
    public static let igmp: Self = "igmp"
    public static let ggp: Self = "ggp"
    public static let ipv4: Self = "ipv4"
    public static let tcp: Self = "tcp"
    public static let pup: Self = "pup"
    public static let udp: Self = "udp"
    public static let idp: Self = "idp"
    public static let ipv6: Self = "ipv6"
    public static let ipv6RoutingHeader: Self = "ipv6RoutingHeader"
    public static let ipv6FragmentHeader: Self = "ipv6FragmentHeader"
    public static let ipSecEncapsulatingSecurityPayload: Self = "ipSecEncapsulatingSecurityPayload"
    public static let ipSecAuthenticationHeader: Self = "ipSecAuthenticationHeader"
    public static let icmpV6: Self = "icmpV6"
    public static let ipv6NoNextHeader: Self = "ipv6NoNextHeader"
    public static let ipv6DestinationOptions: Self = "ipv6DestinationOptions"
    public static let nd: Self = "nd"
    public static let raw: Self = "raw"
    public static let ipx: Self = "ipx"
    public static let spx: Self = "spx"
    public static let spxII: Self = "spxII"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.securityResourceType`.
public struct SecurityResourceType: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("securityResourceType", [
        "unknown": 0, "attacked": 1, "related": 2, "unknownFutureValue": 3,
    ])
    public static let unknown: Self = "unknown"
    public static let attacked: Self = "attacked"
    public static let related: Self = "related"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.userAccountSecurityType`.
public struct UserAccountSecurityType: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("userAccountSecurityType", [
        "unknown": 0, "standard": 1, "power": 2, "administrator": 3, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let standard: Self = "standard"
    public static let power: Self = "power"
    public static let administrator: Self = "administrator"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}
