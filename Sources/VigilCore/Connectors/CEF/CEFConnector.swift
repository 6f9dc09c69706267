/// Reads ArcSight Common Event Format (CEF) messages, bare or inside RFC 3164 / RFC 5424 syslog lines.
///
/// Every CEF message becomes a Graph alert: CEF records are security events a device chose to raise, and
/// one predictable mapping is easier to reason about than a severity threshold. Pure: bytes in, a record
/// or an error out.
///
/// The mapping:
/// - `id`: `cef-` and the FNV-1a 64 (hex) of vendor, product, Device Event Class ID, `rt`, `src`, `dst`,
///   `spt`, `dpt` and `deviceExternalId` (as written, joined with `|`): deterministic, so a line sent again
///   updates the same alert. Messages that differ only in other keys share an id.
/// - `title`: Name; `description`: `msg`, else Name; `category`: `cat`, else the Device Event Class ID.
/// - `severity`: see ``severity(_:)``; `status`: `newAlert`.
/// - `eventDateTime` and `createdDateTime`: `rt`, else `start`, else the syslog time, else `nil` (the
///   pipeline fills it); `lastEventDateTime`: `end`. See ``CEFMessage`` for the time forms read.
/// - `vendorInformation`: Device Vendor, Device Product (`provider`), Device Version (`providerVersion`).
/// - `networkConnections`: one connection from `src`, `dst`, `spt`, `dpt`, `proto`, `app`, `request`
///   (`destinationUrl`, its query as `urlParameters`), `dhost` when a name (`destinationDomain`), the
///   translated addresses and ports (`nat…`) and `deviceDirection` (`0` inbound, `1` outbound).
/// - `hostStates`: the source (`shost`, `src`), the destination (`dhost`, `dst`) and the reporting device
///   (`dvchost`, `dvc`): names as `fqdn`, addresses as private or public by ``IPAddressText/isPrivate``.
/// - `userStates`: `suser` (with `sntdom`) and `duser` (with `dntdom`) as `accountName` (`domainName`).
/// - `fileStates`: `fname`, `filePath` and `fileHash` (its type told by its length).
public enum CEFConnector {
    /// The connector's name, as `SecurityEvent.source` elsewhere.
    public static let source = "cef"

    /// Parses one CEF message, bare or inside an RFC 3164 / RFC 5424 syslog line.
    ///
    /// - Parameters:
    ///   - line: the UTF-8 bytes of one line (surrounding whitespace and a line end are allowed).
    ///   - lineNumber: the 1-based line number in its input, reported in errors.
    /// - Returns: `.alert` for every CEF message; an error when the line is not CEF, its header has fewer
    ///   than seven fields, its version is not a number, or its Device Vendor or Device Product is empty
    ///   (Graph alerts need both).
    public static func read(line: some Collection<UInt8>, lineNumber: Int?) -> Result<ConnectorRecord, ConnectorError> {
        let message: CEFMessage
        do {
            message = try CEFMessage.parse(bytes: Array(line)[...])
        } catch {
            return .failure(ConnectorError(line: lineNumber, error.message))
        }
        return record(message, lineNumber: lineNumber)
    }

    /// Maps an already parsed message.
    ///
    /// - Parameters:
    ///   - message: the message.
    ///   - lineNumber: the 1-based line number in its input, reported in errors.
    /// - Returns: `.alert`, or an error when Device Vendor or Device Product is empty.
    public static func record(_ message: CEFMessage, lineNumber: Int?) -> Result<ConnectorRecord, ConnectorError> {
        guard !message.deviceVendor.cefTrimmed.isEmpty else {
            return .failure(ConnectorError(line: lineNumber,
                                           "CEF header has an empty Device Vendor (a Graph alert needs a vendor)"))
        }
        guard !message.deviceProduct.cefTrimmed.isEmpty else {
            return .failure(ConnectorError(line: lineNumber,
                                           "CEF header has an empty Device Product (a Graph alert needs a provider)"))
        }
        return .success(.alert(alert(message)))
    }

    // MARK: - Alerts

    /// Builds the Graph alert of a message (see the type's documentation for the mapping).
    public static func alert(_ message: CEFMessage) -> Alert {
        let fields = message.extensions
        func value(_ key: String) -> String? { nonEmpty(fields[key]) }

        var alert = Alert()
        alert.id = alertId(message)
        alert.title = nonEmpty(message.name)
        alert.description = value("msg") ?? nonEmpty(message.name)
        alert.category = value("cat") ?? nonEmpty(message.signatureId)
        alert.severity = severity(message.severity)
        alert.status = .newAlert
        let time = value("rt").flatMap(CEFTime.parse) ?? value("start").flatMap(CEFTime.parse) ?? message.syslogTime
        alert.eventDateTime = time
        alert.createdDateTime = time
        alert.lastEventDateTime = value("end").flatMap(CEFTime.parse)

        var vendor = SecurityVendorInformation()
        vendor.vendor = message.deviceVendor
        vendor.provider = message.deviceProduct
        vendor.providerVersion = nonEmpty(message.deviceVersion)
        alert.vendorInformation = vendor

        if let connection = networkConnection(fields) { alert.networkConnections = [connection] }
        let hosts = hostStates(fields)
        if !hosts.isEmpty { alert.hostStates = hosts }
        let users = userStates(fields)
        if !users.isEmpty { alert.userStates = users }
        if let file = fileState(fields) { alert.fileStates = [file] }
        return alert
    }

    /// The alert id: `cef-` and 16 hex digits of FNV-1a 64 over vendor, product, Device Event Class ID,
    /// `rt`, `src`, `dst`, `spt`, `dpt` and `deviceExternalId`, joined with `|` (absent keys empty).
    public static func alertId(_ message: CEFMessage) -> String {
        let fields = message.extensions
        var parts = [message.deviceVendor, message.deviceProduct, message.signatureId]
            + ["rt", "src", "dst", "spt", "dpt", "deviceExternalId"].map { fields[$0] ?? "" }
        if fields["rt"] == nil {
            // Without a time of its own, a message is told apart by all it says (and the syslog time), so two
            // different messages never update the same alert.
            parts.append(message.name)
            parts += fields.keys.sorted().map { "\($0)=\(fields[$0] ?? "")" }
            parts.append(message.syslogTime?.iso8601 ?? "")
        }
        return "cef-" + StableHash.hex16(StableHash.fnv1a64(parts.joined(separator: "|").utf8))
    }

    /// The Graph severity of a CEF Severity: `0`–`3` low, `4`–`6` medium, `7`–`10` high; the words
    /// `Low`, `Medium`, `High` and `Very-High` (any case; also `VeryHigh`, `Very High`) low, medium, high
    /// and high. Anything else (`Unknown`, numbers out of range, other text) is informational.
    public static func severity(_ text: String) -> AlertSeverity {
        let value = text.cefTrimmed.lowercased()
        if let number = Int(value) {
            switch number {
            case 0...3: return .low
            case 4...6: return .medium
            case 7...10: return .high
            default: return .informational
            }
        }
        switch value {
        case "low": return .low
        case "medium": return .medium
        case "high", "very-high", "veryhigh", "very high", "very_high": return .high
        default: return .informational
        }
    }

    /// The connection of a message; `nil` when it names no address, port, protocol, URL or host.
    static func networkConnection(_ fields: [String: String]) -> NetworkConnection? {
        func value(_ key: String) -> String? { nonEmpty(fields[key]) }
        var connection = NetworkConnection()
        connection.sourceAddress = value("src")
        connection.sourcePort = value("spt")
        connection.destinationAddress = value("dst")
        connection.destinationPort = value("dpt")
        connection.natSourceAddress = value("sourceTranslatedAddress")
        connection.natSourcePort = value("sourceTranslatedPort")
        connection.natDestinationAddress = value("destinationTranslatedAddress")
        connection.natDestinationPort = value("destinationTranslatedPort")
        connection.applicationName = value("app")
        if let proto = value("proto") { connection.protocol = networkProtocol(proto) }
        if let host = value("dhost"), !isAddress(host) { connection.destinationDomain = host.lowercased() }
        if let request = value("request") {
            connection.destinationUrl = request
            if let query = request.firstIndex(of: "?") {
                let parameters = request[request.index(after: query)...]
                if !parameters.isEmpty { connection.urlParameters = String(parameters) }
            }
        }
        switch value("deviceDirection") {
        case "0": connection.direction = .inbound
        case "1": connection.direction = .outbound
        default: break
        }
        return connection == NetworkConnection() ? nil : connection
    }

    /// A `securityNetworkProtocol` member for `proto` (`TCP` → `tcp`, `IPv6-ICMP` → `icmpV6`); a protocol
    /// Graph does not name is kept as written.
    static func networkProtocol(_ proto: String) -> SecurityNetworkProtocol {
        SuricataConnector.networkProtocol(proto)
    }

    /// The source, destination and device hosts, each when the message names it.
    static func hostStates(_ fields: [String: String]) -> [HostSecurityState] {
        [("shost", "src"), ("dhost", "dst"), ("dvchost", "dvc")].compactMap { nameKey, addressKey in
            hostState(name: nonEmpty(fields[nameKey]), address: nonEmpty(fields[addressKey]))
        }
    }

    /// A host from a name (an address when it is one) and an address.
    static func hostState(name: String?, address: String?) -> HostSecurityState? {
        var host = HostSecurityState()
        var address = address
        if let name {
            if isAddress(name) { address = address ?? name } else { host.fqdn = name.lowercased() }
        }
        if let address {
            if IPAddressText(address, allowingZone: true)?.isPrivate == true {
                host.privateIpAddress = address
            } else {
                host.publicIpAddress = address
            }
        }
        return host == HostSecurityState() ? nil : host
    }

    /// The source and destination users.
    static func userStates(_ fields: [String: String]) -> [UserSecurityState] {
        [("suser", "sntdom"), ("duser", "dntdom")].compactMap { userKey, domainKey in
            guard let account = nonEmpty(fields[userKey]) else { return nil }
            var user = UserSecurityState()
            user.accountName = account
            user.domainName = nonEmpty(fields[domainKey])
            return user
        }
    }

    /// The file of a message: `fname`, `filePath` and `fileHash`; `nil` without any of them.
    static func fileState(_ fields: [String: String]) -> FileSecurityState? {
        let name = nonEmpty(fields["fname"])
        let path = nonEmpty(fields["filePath"])
        let hashValue = nonEmpty(fields["fileHash"])
        guard name != nil || path != nil || hashValue != nil else { return nil }
        var file = FileSecurityState()
        file.name = name
        file.path = path
        if let hashValue {
            var hash = FileHash()
            switch ObservableCollector.hashKind(hashValue) {
            case .md5?: hash.hashType = .md5
            case .sha1?: hash.hashType = .sha1
            case .sha256?: hash.hashType = .sha256
            default: hash.hashType = .unknown
            }
            hash.hashValue = hash.hashType == .unknown ? hashValue : hashValue.lowercased()
            file.fileHash = hash
        }
        return file
    }

    // MARK: - Observables

    /// The observables of a message, for indicator matching by callers that want them: addresses
    /// (`src`, `dst`, `dvc`, translated addresses), hosts (`shost`, `dhost`, `dvchost`), URLs (`request`,
    /// `requestContext`), hashes (`fileHash`, `oldFileHash`) and e-mail addresses (`suser`, `duser`).
    public static func observables(in message: CEFMessage) -> [Observable] {
        let fields = message.extensions
        var collector = ObservableCollector()
        for key in ["src", "dst", "sourceTranslatedAddress", "destinationTranslatedAddress", "dvc"] {
            collector.address(fields[key], field: key)
        }
        for key in ["shost", "dhost", "dvchost"] { collector.name(fields[key], field: key) }
        for key in ["request", "requestContext"] { collector.url(fields[key], field: key) }
        for key in ["fileHash", "oldFileHash"] { collector.hash(fields[key], field: key) }
        for key in ["suser", "duser"] { collector.email(fields[key], field: key) }
        return collector.observables
    }

    // MARK: - Values

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    private static func isAddress(_ text: String) -> Bool {
        IPAddressText(text, allowingZone: true) != nil
    }
}
