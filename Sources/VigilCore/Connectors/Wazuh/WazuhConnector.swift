/// Reads Wazuh alerts: the JSON lines the Wazuh manager writes to `/var/ossec/logs/alerts/alerts.json`.
///
/// Every line is an alert (the manager writes only what matched a rule at or above its
/// `log_alert_level`), so every well-formed line becomes a Graph alert; the rule level only drives the
/// severity. Pure: bytes in, an alert or an error out.
///
/// The mapping:
///
/// | Wazuh | Graph alert |
/// |---|---|
/// | `id` (`"1709287200.12345"`) | `id` = `wazuh-<id>`; without it, `wazuh-h<FNV-1a 64 of timestamp, rule.id, agent.id, full_log>` |
/// | `timestamp` | `eventDateTime`, `createdDateTime` |
/// | `rule.description` | `title` |
/// | `rule.level` | `severity` (see ``severity(level:)``) |
/// | `rule.groups[0]` (else `decoder.name`) | `category` |
/// | `rule.id` | `detectionIds`; with `decoder.name`, `alertDetections` |
/// | `rule.mitre.id`, `rule.mitre.tactic` | `tags` |
/// | `full_log` (else `rule.description`) | `description`, at most 1000 characters |
/// | `manager.name` | `vendorInformation.subProvider` (vendor and provider are `Wazuh`) |
/// | `agent.name`, `agent.ip` | `hostStates` (`netBiosName`, private or public address) |
/// | `data.srcip`/`srcport`, `data.dstip`/`dstport`, `data.protocol`, `data.url` | `networkConnections` |
/// | `data.srcuser`, `data.dstuser`, `data.win.eventdata.targetUserName` | `userStates` |
/// | `syscheck.path`, `syscheck.{sha256,sha1,md5}_after` | `fileStates`, one per hash |
/// | `data.vulnerability.cve`, `.severity` | `vulnerabilityStates` |
/// | `location` | `sourceMaterials` |
public enum WazuhConnector {
    /// The vendor and provider name of every Wazuh alert.
    public static let vendor = "Wazuh"
    /// The source name of its records.
    public static let source = "wazuh"

    /// The most characters of `full_log` kept in an alert's `description`.
    public static let descriptionLimit = 1000

    /// Maps one line of Wazuh's alerts.json.
    ///
    /// - Parameters:
    ///   - line: the UTF-8 bytes of one line (surrounding whitespace is allowed).
    ///   - lineNumber: the 1-based line number in its input, reported in errors.
    /// - Returns: `.alert`, or an error naming what is wrong with the line.
    public static func read(line: some Collection<UInt8>, lineNumber: Int?) -> Result<ConnectorRecord, ConnectorError> {
        ConnectorError.jsonObject(line, lineNumber: lineNumber, expected: "a Wazuh alert object")
            .flatMap { record($0, lineNumber: lineNumber) }
    }

    /// Maps an already parsed Wazuh alert.
    ///
    /// - Parameters:
    ///   - object: the alert's members.
    ///   - lineNumber: the 1-based line number in its input, reported in errors.
    /// - Returns: `.alert`; an error when `timestamp` is missing or not an ISO 8601 date-time, or `rule`
    ///   is missing, not an object, or has no integer `level` from 0 up.
    public static func record(_ object: [String: JSONValue], lineNumber: Int?) -> Result<ConnectorRecord, ConnectorError> {
        guard let timestampValue = object["timestamp"] else {
            return .failure(ConnectorError(line: lineNumber, "missing 'timestamp'"))
        }
        guard case .string(let timestampText) = timestampValue else {
            return .failure(ConnectorError(line: lineNumber,
                                           "'timestamp' must be a string, found \(timestampValue.kindName)"))
        }
        guard let time = DateTimeOffset(timestampText) else {
            return .failure(ConnectorError(line: lineNumber,
                                           "'timestamp' is not an ISO 8601 date-time: \"\(timestampText)\""))
        }
        guard let ruleValue = object["rule"] else {
            return .failure(ConnectorError(line: lineNumber, "missing 'rule'"))
        }
        guard case .object(let rule) = ruleValue else {
            return .failure(ConnectorError(line: lineNumber,
                                           "'rule' must be an object, found \(ruleValue.kindName)"))
        }
        guard let levelValue = rule["level"] else {
            return .failure(ConnectorError(line: lineNumber, "missing 'rule.level'"))
        }
        guard let level = integer(levelValue), level >= 0 else {
            return .failure(ConnectorError(line: lineNumber,
                                           "'rule.level' must be an integer from 0 up, found \(describe(levelValue))"))
        }
        return .success(.alert(alert(object, rule: rule, level: level, time: time, timestampText: timestampText)))
    }

    /// The Graph severity of a Wazuh rule level.
    ///
    /// Wazuh levels run from 0 (ignored) to 16 (severe attack; see the rules classification in Wazuh's
    /// documentation). 0–2 are system notifications without security relevance: `informational`;
    /// 3–6 are successful or authorized events, low-priority and user errors and low-relevance attacks:
    /// `low`; 7–11 are "bad word" matches, first-time-seen events, errors from invalid sources, multiple
    /// errors and integrity changes: `medium`; 12 and up are high-importance events, unusual errors and
    /// successful attacks: `high`.
    ///
    /// - Parameter level: the rule level, from 0 up.
    /// - Returns: the severity.
    public static func severity(level: Int64) -> AlertSeverity {
        switch level {
        case ...2: .informational
        case 3...6: .low
        case 7...11: .medium
        default: .high
        }
    }

    // MARK: - Alerts

    /// Builds the Graph alert of a Wazuh alert whose timestamp and rule level were checked.
    static func alert(_ object: [String: JSONValue], rule: [String: JSONValue], level: Int64, time: DateTimeOffset,
                      timestampText: String) -> Alert
    {
        let data = object["data"]?.objectValue ?? [:]
        let ruleId = text(rule["id"])
        let title = string(rule["description"])
        let decoderName = string(object["decoder"]?["name"])

        var alert = Alert()
        alert.id = alertId(object, ruleId: ruleId, timestampText: timestampText)
        alert.title = title
        alert.category = strings(rule["groups"]).first ?? decoderName ?? "Wazuh"
        alert.severity = severity(level: level)
        alert.status = .newAlert
        alert.eventDateTime = time
        alert.createdDateTime = time
        alert.vendorInformation = vendorInformation(manager: string(object["manager"]?["name"]))
        if let description = string(object["full_log"]) ?? title {
            alert.description = String(description.prefix(descriptionLimit))
        }
        if let ruleId {
            alert.detectionIds = [ruleId]
            var detection = AlertDetection()
            detection.detectionType = "rule"
            detection.name = ruleId
            detection.method = decoderName
            alert.alertDetections = [detection]
        }
        let tags = mitreTags(rule["mitre"])
        if !tags.isEmpty { alert.tags = tags }
        if let location = string(object["location"]) { alert.sourceMaterials = [location] }
        if let host = hostState(object["agent"]) { alert.hostStates = [host] }
        if let connection = networkConnection(data) { alert.networkConnections = [connection] }
        let users = userStates(data)
        if !users.isEmpty { alert.userStates = users }
        let files = fileStates(object["syscheck"])
        if !files.isEmpty { alert.fileStates = files }
        if let vulnerability = vulnerabilityState(data["vulnerability"]) { alert.vulnerabilityStates = [vulnerability] }
        return alert
    }

    /// The alert id: deterministic, so a line read twice gives the same id (ingestion is idempotent).
    ///
    /// Wazuh gives each alert an `id` (`"<seconds>.<offset in the alerts file>"`): the alert id is
    /// `wazuh-<id>`. Without one (or with one too long for an id) it is `wazuh-h` and the FNV-1a 64 hash,
    /// in hex, of the timestamp as written, `rule.id`, `agent.id` and `full_log`, joined by `|`.
    static func alertId(_ object: [String: JSONValue], ruleId: String?, timestampText: String) -> String {
        if let own = text(object["id"]), own.utf8.count <= 500 {
            return "wazuh-" + own
        }
        let parts = [timestampText, ruleId ?? "", text(object["agent"]?["id"]) ?? "", string(object["full_log"]) ?? ""]
        return "wazuh-h" + StableHash.hex16(StableHash.fnv1a64(parts.joined(separator: "|").utf8))
    }

    /// `Wazuh`/`Wazuh`, with the manager that raised the alert as sub-provider.
    static func vendorInformation(manager: String?) -> SecurityVendorInformation {
        var information = SecurityVendorInformation()
        information.vendor = vendor
        information.provider = vendor
        information.subProvider = manager
        return information
    }

    /// The MITRE ATT&CK technique ids (`T1110.001`), then the tactics (`Credential Access`), of
    /// `rule.mitre`, without repeats. Graph's legacy alert has no ATT&CK property, so they travel as tags.
    static func mitreTags(_ mitre: JSONValue?) -> [String] {
        var tags: [String] = []
        for tag in strings(mitre?["id"]) + strings(mitre?["tactic"]) where !tags.contains(tag) {
            tags.append(tag)
        }
        return tags
    }

    /// The agent the alert is about: its name as NetBIOS name and its address as private or public.
    /// `nil` when the agent has neither (Wazuh writes `agent.ip` only for agents registered with one;
    /// agent `000` is the manager itself).
    static func hostState(_ agent: JSONValue?) -> HostSecurityState? {
        let name = string(agent?["name"])
        let address = string(agent?["ip"])
        guard name != nil || address != nil else { return nil }
        var host = HostSecurityState()
        host.netBiosName = name
        if let address {
            if isPrivateAddress(address) { host.privateIpAddress = address } else { host.publicIpAddress = address }
        }
        return host
    }

    /// The connection the decoded fields name: `srcip`/`srcport` (or, for Windows logons,
    /// `win.eventdata.ipAddress`/`ipPort`), `dstip`/`dstport`, `protocol` and `url`; `nil` when there is
    /// no address and no URL.
    ///
    /// Wazuh's `protocol` is what the decoder found: an IP protocol for firewalls (`TCP`), but the HTTP
    /// method for web access logs (`GET`), so it is kept only when it is a `securityNetworkProtocol` member.
    static func networkConnection(_ data: [String: JSONValue]) -> NetworkConnection? {
        let eventData = data["win"]?["eventdata"]
        let windowsAddress = string(eventData?["ipAddress"]).flatMap { IPAddressText($0, allowingZone: true) != nil ? $0 : nil }
        let source = string(data["srcip"]) ?? windowsAddress
        let destination = string(data["dstip"])
        let url = string(data["url"])
        guard source != nil || destination != nil || url != nil else { return nil }
        var connection = NetworkConnection()
        connection.sourceAddress = source
        connection.sourcePort = port(data["srcport"]) ?? (windowsAddress != nil ? port(eventData?["ipPort"]) : nil)
        connection.destinationAddress = destination
        connection.destinationPort = port(data["dstport"])
        if let proto = string(data["protocol"]), let name = SecurityNetworkProtocol.schema.canonicalName(proto) {
            connection.protocol = SecurityNetworkProtocol(rawValue: name)
        }
        if let url {
            connection.destinationUrl = url
            if let query = url.firstIndex(of: "?") {
                let parameters = url[url.index(after: query)...]
                if !parameters.isEmpty { connection.urlParameters = String(parameters) }
            }
        }
        return connection
    }

    /// The users the decoded fields name, without repeats: `srcuser` (logging on from `srcip`), `dstuser`,
    /// and the Windows `targetUserName` with its `targetDomainName`, `ipAddress` and `logonType`.
    static func userStates(_ data: [String: JSONValue]) -> [UserSecurityState] {
        var users: [UserSecurityState] = []
        func add(_ user: UserSecurityState) {
            guard !users.contains(where: { $0.accountName == user.accountName && $0.domainName == user.domainName }) else {
                return
            }
            users.append(user)
        }
        let sourceAddress = string(data["srcip"])
        if let name = string(data["srcuser"]) {
            var user = UserSecurityState()
            user.accountName = name
            user.logonIp = sourceAddress
            add(user)
        }
        if let name = string(data["dstuser"]) {
            var user = UserSecurityState()
            user.accountName = name
            add(user)
        }
        let eventData = data["win"]?["eventdata"]
        if let name = string(eventData?["targetUserName"]), name != "-" {
            var user = UserSecurityState()
            user.accountName = name
            user.domainName = string(eventData?["targetDomainName"]).flatMap { $0 == "-" ? nil : $0 }
            user.logonIp = string(eventData?["ipAddress"]).flatMap { IPAddressText($0, allowingZone: true) != nil ? $0 : nil }
            user.logonType = windowsLogonType(eventData?["logonType"])
            add(user)
        }
        return users
    }

    /// The Graph logon type of a Windows logon type number (2 interactive, 3 network, 4 batch,
    /// 5 service, 10 remote interactive); `nil` for others.
    static func windowsLogonType(_ value: JSONValue?) -> LogonType? {
        let number = integer(value) ?? string(value).flatMap { Int64($0) }
        switch number {
        case 2: return .interactive
        case 3: return .network
        case 4: return .batch
        case 5: return .service
        case 10: return .remoteInteractive
        default: return nil
        }
    }

    /// The file a file-integrity (syscheck) alert is about: one state for each hash it has after the
    /// change (SHA-256, SHA-1, MD5, in that order), or one state without a hash when it has none.
    /// A hash that is not hex text of its kind's length is left out.
    static func fileStates(_ syscheck: JSONValue?) -> [FileSecurityState] {
        guard let path = string(syscheck?["path"]) else { return [] }
        let name = fileName(path)
        var states: [FileSecurityState] = []
        let kinds: [(key: String, kind: Observable.Kind, type: FileHashType)] = [
            ("sha256_after", .sha256, .sha256), ("sha1_after", .sha1, .sha1), ("md5_after", .md5, .md5),
        ]
        for (key, kind, type) in kinds {
            guard let value = string(syscheck?[key]), ObservableCollector.hashKind(value) == kind else { continue }
            var hash = FileHash()
            hash.hashType = type
            hash.hashValue = value.lowercased()
            var state = FileSecurityState()
            state.name = name
            state.path = path
            state.fileHash = hash
            states.append(state)
        }
        if states.isEmpty {
            var state = FileSecurityState()
            state.name = name
            state.path = path
            states.append(state)
        }
        return states
    }

    /// The last component of a Unix or Windows path.
    static func fileName(_ path: String) -> String {
        guard let separator = path.lastIndex(where: { $0 == "/" || $0 == "\\" }) else { return path }
        let name = path[path.index(after: separator)...]
        return name.isEmpty ? path : String(name)
    }

    /// The vulnerability of a vulnerability-detector alert: its CVE and severity as Wazuh writes it.
    static func vulnerabilityState(_ vulnerability: JSONValue?) -> VulnerabilityState? {
        guard let cve = string(vulnerability?["cve"]) else { return nil }
        var state = VulnerabilityState()
        state.cve = cve
        state.severity = string(vulnerability?["severity"])
        return state
    }

    /// Whether the address is not routed on the internet (``IPAddressText/isPrivate``). Text that is
    /// not an address counts as public.
    static func isPrivateAddress(_ text: String) -> Bool {
        IPAddressText(text, allowingZone: true)?.isPrivate ?? false
    }

    // MARK: - Values

    /// A non-empty string member.
    static func string(_ value: JSONValue?) -> String? {
        guard case .string(let text)? = value, !text.isEmpty else { return nil }
        return text
    }

    /// The non-empty strings of an array member (a lone string counts as one).
    static func strings(_ value: JSONValue?) -> [String] {
        switch value {
        case .array(let items)?: items.compactMap { string($0) }
        case .string(let text)? where !text.isEmpty: [text]
        default: []
        }
    }

    /// An integer member (a number without a fraction).
    static func integer(_ value: JSONValue?) -> Int64? {
        switch value {
        case .int(let number)?: number
        case .double(let number)? where number.rounded() == number && abs(number) < 9.0e18: Int64(number)
        default: nil
        }
    }

    /// A string or integer member as text (Wazuh writes rule and agent ids as strings, other tools may not).
    static func text(_ value: JSONValue?) -> String? {
        if let number = integer(value) { return String(number) }
        return string(value)
    }

    /// A port as Graph writes it (a string); Wazuh decoders write ports as strings.
    static func port(_ value: JSONValue?) -> String? {
        text(value)
    }

    /// A value for an error message: the scalar as written, or its JSON kind.
    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): "\"\(text)\""
        default: value.kindName
        }
    }
}
