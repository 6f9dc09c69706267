extension TiIndicator {
    /// The `targetProduct` whose narrower rules Graph documents (others follow the Azure Sentinel rules).
    public static let defenderTargetProduct = "Microsoft Defender ATP"
    /// Graph's `threatType` values.
    public static let threatTypes: Set<String> = ["Botnet", "C2", "CryptoMining", "Darknet", "DDoS", "MaliciousUrl",
                                                   "Malware", "Phishing", "Proxy", "PUA", "WatchList"]
    /// Properties an update may change (Azure Sentinel's list; `id`, `expirationDateTime` and `targetProduct`
    /// identify and are required).
    public static let editable: Set<String> = [
        "action", "activityGroupNames", "additionalInformation", "confidence", "description", "diamondModel",
        "expirationDateTime", "externalId", "isActive", "killChain", "knownFalsePositives", "lastReportedDateTime",
        "malwareFamilyNames", "passiveOnly", "severity", "tags", "tlpLevel",
    ]
    /// Properties that carry an observable.
    public static let observableProperties: [String] = [
        "emailEncoding", "emailLanguage", "emailRecipient", "emailSenderAddress", "emailSenderName", "emailSourceDomain",
        "emailSourceIpAddress", "emailSubject", "emailXMailer", "fileCompileDateTime", "fileCreatedDateTime",
        "fileHashType", "fileHashValue", "fileMutexName", "fileName", "filePacker", "filePath", "fileSize", "fileType",
        "domainName", "networkCidrBlock", "networkDestinationAsn", "networkDestinationCidrBlock",
        "networkDestinationIPv4", "networkDestinationIPv6", "networkDestinationPort", "networkIPv4", "networkIPv6",
        "networkPort", "networkProtocol", "networkSourceAsn", "networkSourceCidrBlock", "networkSourceIPv4",
        "networkSourceIPv6", "networkSourcePort", "url", "userAgent",
    ]

    /// Why this indicator cannot be created as sent (spec §3.3), or `nil`. Values of declared type, known
    /// enum members, `description` ≤ 100 characters, `confidence` 0–100, `severity` 0–5; for
    /// `Microsoft Defender ATP`: `action`, `expirationDateTime` and one of `domainName`, `url`,
    /// `networkDestinationIPv4`, `networkDestinationIPv6`, `fileHashValue` (with `fileHashType`); for any
    /// other product: `action`, `description`, `expirationDateTime`, `threatType`, `tlpLevel` and at least one
    /// e-mail, network or file observable.
    public var submissionProblem: String? {
        if let problem = valueProblem { return problem }
        guard let targetProduct, !targetProduct.isEmpty else { return "'targetProduct' is required" }
        guard action != nil else { return "'action' is required" }
        guard expirationDateTime != nil else { return "'expirationDateTime' is required" }
        let object = jsonObject
        if targetProduct.caseInsensitiveCompare(Self.defenderTargetProduct) {
            let allowed = ["domainName", "url", "networkDestinationIPv4", "networkDestinationIPv6", "fileHashValue"]
            guard allowed.contains(where: { object[$0] != nil }) else {
                return "for \(Self.defenderTargetProduct) one of \(allowed.joined(separator: ", ")) is required"
            }
        } else {
            guard let description, !description.isEmpty else { return "'description' is required" }
            guard threatType != nil else { return "'threatType' is required" }
            guard tlpLevel != nil else { return "'tlpLevel' is required" }
            guard Self.observableProperties.contains(where: { object[$0] != nil }) else {
                return "at least one e-mail, network or file observable is required"
            }
        }
        if fileHashValue != nil, fileHashType == nil { return "'fileHashValue' needs 'fileHashType'" }
        return nil
    }

    /// Problems with values whatever the operation: types, enum members, ranges.
    public var valueProblem: String? {
        if !passthrough.invalidProperties.isEmpty {
            let names = passthrough.invalidProperties.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return "these properties do not have the type the tiIndicator schema declares: \(names)"
        }
        if let action, !action.isKnown { return "'\(action.rawValue)' is not a member of tiAction" }
        if let tlpLevel, !tlpLevel.isKnown { return "'\(tlpLevel.rawValue)' is not a member of tlpLevel" }
        if let diamondModel, !diamondModel.isKnown { return "'\(diamondModel.rawValue)' is not a member of diamondModel" }
        if let fileHashType, !fileHashType.isKnown { return "'\(fileHashType.rawValue)' is not a member of fileHashType" }
        if let threatType, !Self.threatTypes.contains(threatType) {
            return "'\(threatType)' is not a threatType (\(Self.threatTypes.sorted().joined(separator: ", ")))"
        }
        if let description, description.count > 100 { return "'description' is longer than 100 characters" }
        if let confidence, !(0...100).contains(confidence) { return "'confidence' must be between 0 and 100" }
        if let severity, !(0...5).contains(severity) { return "'severity' must be between 0 and 5" }
        return nil
    }

    /// Stamps what the system sets: `id`, `azureTenantId`, `ingestedDateTime`, and the defaults
    /// (`isActive` true, `severity` 3, `passiveOnly` false).
    public mutating func stampSubmission(id: String, tenantId: String, now: DateTimeOffset) {
        self.id = id
        azureTenantId = tenantId
        ingestedDateTime = now
        if isActive == nil { isActive = true }
        if severity == nil { severity = 3 }
        if passiveOnly == nil { passiveOnly = false }
        if let action, let canonical = TiAction.schema.canonicalName(action.rawValue) { self.action = TiAction(rawValue: canonical) }
        if let tlpLevel, let canonical = TlpLevel.schema.canonicalName(tlpLevel.rawValue) {
            self.tlpLevel = TlpLevel(rawValue: canonical)
        }
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
