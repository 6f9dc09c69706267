/// Enumerations of `microsoft.graph.security` alerts and incidents (spec §7), with their CSDL values.

/// `microsoft.graph.security.alertSeverity`.
public struct SecurityAlertSeverity: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("alertSeverity", [
        "unknown": 0, "informational": 32, "low": 64, "medium": 128, "high": 256, "unknownFutureValue": 511,
    ])
    public static let unknown: Self = "unknown"
    public static let informational: Self = "informational"
    public static let low: Self = "low"
    public static let medium: Self = "medium"
    public static let high: Self = "high"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.security.alertStatus`.
public struct SecurityAlertStatus: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("alertStatus", [
        "unknown": 0, "new": 2, "inProgress": 4, "resolved": 8, "unknownFutureValue": 31,
    ])
    public static let unknown: Self = "unknown"
    public static let `new`: Self = "new"
    public static let inProgress: Self = "inProgress"
    public static let resolved: Self = "resolved"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.security.alertClassification`.
public struct AlertClassification: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("alertClassification", [
        "unknown": 0, "falsePositive": 10, "truePositive": 20, "informationalExpectedActivity": 30,
        "unknownFutureValue": 39,
    ])
    public static let unknown: Self = "unknown"
    public static let falsePositive: Self = "falsePositive"
    public static let truePositive: Self = "truePositive"
    public static let informationalExpectedActivity: Self = "informationalExpectedActivity"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.security.alertDetermination`.
public struct AlertDetermination: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("alertDetermination", [
        "unknown": 0, "apt": 10, "malware": 20, "securityPersonnel": 30, "securityTesting": 40,
        "unwantedSoftware": 50, "other": 60, "multiStagedAttack": 70, "compromisedAccount": 80, "phishing": 90,
        "maliciousUserActivity": 100, "notMalicious": 110, "notEnoughDataToValidate": 120, "confirmedActivity": 130,
        "lineOfBusinessApplication": 140, "unknownFutureValue": 149,
    ])
    public static let unknown: Self = "unknown"
    public static let apt: Self = "apt"
    public static let malware: Self = "malware"
    public static let securityPersonnel: Self = "securityPersonnel"
    public static let securityTesting: Self = "securityTesting"
    public static let unwantedSoftware: Self = "unwantedSoftware"
    public static let other: Self = "other"
    public static let multiStagedAttack: Self = "multiStagedAttack"
    public static let compromisedAccount: Self = "compromisedAccount"
    public static let phishing: Self = "phishing"
    public static let maliciousUserActivity: Self = "maliciousUserActivity"
    public static let notMalicious: Self = "notMalicious"
    public static let notEnoughDataToValidate: Self = "notEnoughDataToValidate"
    public static let confirmedActivity: Self = "confirmedActivity"
    public static let lineOfBusinessApplication: Self = "lineOfBusinessApplication"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.security.serviceSource`.
public struct ServiceSource: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("serviceSource", [
        "unknown": 0, "microsoftDefenderForEndpoint": 1, "microsoftDefenderForIdentity": 2,
        "microsoftDefenderForCloudApps": 4, "microsoftDefenderForOffice365": 8, "microsoft365Defender": 16,
        "azureAdIdentityProtection": 32, "microsoftAppGovernance": 64, "dataLossPrevention": 128,
        "unknownFutureValue": 255, "microsoftDefenderForCloud": 256, "microsoftSentinel": 512,
        "microsoftInsiderRiskManagement": 1024, "microsoftThreatIntelligence": 2048, "microsoftSecurityForAI": 4096,
    ])
    public static let unknown: Self = "unknown"
    public static let microsoftDefenderForEndpoint: Self = "microsoftDefenderForEndpoint"
    public static let microsoftDefenderForIdentity: Self = "microsoftDefenderForIdentity"
    public static let microsoftDefenderForCloudApps: Self = "microsoftDefenderForCloudApps"
    public static let microsoftDefenderForOffice365: Self = "microsoftDefenderForOffice365"
    public static let microsoft365Defender: Self = "microsoft365Defender"
    public static let azureAdIdentityProtection: Self = "azureAdIdentityProtection"
    public static let microsoftAppGovernance: Self = "microsoftAppGovernance"
    public static let dataLossPrevention: Self = "dataLossPrevention"
    public static let unknownFutureValue: Self = "unknownFutureValue"
    public static let microsoftDefenderForCloud: Self = "microsoftDefenderForCloud"
    public static let microsoftSentinel: Self = "microsoftSentinel"
    public static let microsoftInsiderRiskManagement: Self = "microsoftInsiderRiskManagement"
    public static let microsoftThreatIntelligence: Self = "microsoftThreatIntelligence"
    public static let microsoftSecurityForAI: Self = "microsoftSecurityForAI"
}

/// `microsoft.graph.security.detectionSource`.
public struct DetectionSource: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("detectionSource", [
        "unknown": 0, "microsoftDefenderForEndpoint": 1, "antivirus": 2, "smartScreen": 4, "customTi": 8,
        "microsoftDefenderForOffice365": 512, "automatedInvestigation": 1024, "microsoftThreatExperts": 2048,
        "customDetection": 4096, "microsoftDefenderForIdentity": 8192, "cloudAppSecurity": 16384,
        "microsoft365Defender": 32768, "azureAdIdentityProtection": 65536, "manual": 262144,
        "microsoftDataLossPrevention": 524288, "appGovernancePolicy": 1048576, "appGovernanceDetection": 2097152,
        "unknownFutureValue": 4194303, "microsoftDefenderForCloud": 4194304, "microsoftSentinel": 268435456,
    ])
    public static let unknown: Self = "unknown"
    public static let microsoftDefenderForEndpoint: Self = "microsoftDefenderForEndpoint"
    public static let antivirus: Self = "antivirus"
    public static let smartScreen: Self = "smartScreen"
    public static let customTi: Self = "customTi"
    public static let microsoftDefenderForOffice365: Self = "microsoftDefenderForOffice365"
    public static let automatedInvestigation: Self = "automatedInvestigation"
    public static let microsoftThreatExperts: Self = "microsoftThreatExperts"
    public static let customDetection: Self = "customDetection"
    public static let microsoftDefenderForIdentity: Self = "microsoftDefenderForIdentity"
    public static let cloudAppSecurity: Self = "cloudAppSecurity"
    public static let microsoft365Defender: Self = "microsoft365Defender"
    public static let azureAdIdentityProtection: Self = "azureAdIdentityProtection"
    public static let manual: Self = "manual"
    public static let microsoftDataLossPrevention: Self = "microsoftDataLossPrevention"
    public static let appGovernancePolicy: Self = "appGovernancePolicy"
    public static let appGovernanceDetection: Self = "appGovernanceDetection"
    public static let unknownFutureValue: Self = "unknownFutureValue"
    public static let microsoftDefenderForCloud: Self = "microsoftDefenderForCloud"
    public static let microsoftSentinel: Self = "microsoftSentinel"
}

/// `microsoft.graph.security.investigationState`.
public struct InvestigationState: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("investigationState", [
        "unknown": 0, "terminated": 1, "successfullyRemediated": 2, "benign": 3, "failed": 4,
        "partiallyRemediated": 5, "running": 6, "pendingApproval": 7, "pendingResource": 8, "queued": 9,
        "innerFailure": 10, "preexistingAlert": 11, "unsupportedOs": 12, "unsupportedAlertType": 13,
        "suppressedAlert": 14, "partiallyInvestigated": 15, "terminatedByUser": 16, "terminatedBySystem": 17,
        "unknownFutureValue": 18,
    ])
    public static let unknown: Self = "unknown"
    public static let terminated: Self = "terminated"
    public static let successfullyRemediated: Self = "successfullyRemediated"
    public static let benign: Self = "benign"
    public static let failed: Self = "failed"
    public static let partiallyRemediated: Self = "partiallyRemediated"
    public static let running: Self = "running"
    public static let pendingApproval: Self = "pendingApproval"
    public static let pendingResource: Self = "pendingResource"
    public static let queued: Self = "queued"
    public static let innerFailure: Self = "innerFailure"
    public static let preexistingAlert: Self = "preexistingAlert"
    public static let unsupportedOs: Self = "unsupportedOs"
    public static let unsupportedAlertType: Self = "unsupportedAlertType"
    public static let suppressedAlert: Self = "suppressedAlert"
    public static let partiallyInvestigated: Self = "partiallyInvestigated"
    public static let terminatedByUser: Self = "terminatedByUser"
    public static let terminatedBySystem: Self = "terminatedBySystem"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.security.incidentStatus`.
public struct IncidentStatus: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("incidentStatus", [
        "active": 1, "resolved": 2, "inProgress": 4, "redirected": 64, "unknownFutureValue": 127,
        "awaitingAction": 128,
    ])
    public static let active: Self = "active"
    public static let resolved: Self = "resolved"
    public static let inProgress: Self = "inProgress"
    public static let redirected: Self = "redirected"
    public static let unknownFutureValue: Self = "unknownFutureValue"
    public static let awaitingAction: Self = "awaitingAction"
}
