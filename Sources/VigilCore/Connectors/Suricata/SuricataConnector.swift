/// Reads Suricata EVE JSON: one object per line, `event_type` saying what it is.
///
/// `alert` records become Graph alerts; `stats` records are skipped; every other type (`dns`, `http`,
/// `tls`, `flow`, `fileinfo`, `smb`, `drop`, and types this connector does not know) becomes a
/// `SecurityEvent` carrying the observables found in it. Pure: bytes in, a record or an error out.
public enum SuricataConnector {
    /// The `SecurityEvent.source` of the events this connector makes.
    public static let source = "suricata"

    /// Maps one EVE JSON line.
    ///
    /// - Parameters:
    ///   - line: the UTF-8 bytes of one line (surrounding whitespace is allowed).
    ///   - lineNumber: the 1-based line number in its input, reported in errors.
    /// - Returns: the record, or an error naming what is wrong with the line.
    public static func read(line: some Collection<UInt8>, lineNumber: Int?) -> Result<ConnectorRecord, ConnectorError> {
        ConnectorError.jsonObject(line, lineNumber: lineNumber, expected: "an EVE JSON object")
            .flatMap { record($0, lineNumber: lineNumber) }
    }

    /// Maps an already parsed EVE object.
    ///
    /// - Parameters:
    ///   - object: the EVE record's members.
    ///   - lineNumber: the 1-based line number in its input, reported in errors.
    /// - Returns: `.alert` for `event_type: alert`, `.skipped` for `stats`, `.event` for every other type;
    ///   an error when `event_type` or `timestamp` is missing or not usable, or an alert has no `alert` object.
    public static func record(_ object: [String: JSONValue], lineNumber: Int?) -> Result<ConnectorRecord, ConnectorError> {
        guard let typeValue = object["event_type"] else {
            return .failure(ConnectorError(line: lineNumber, "missing 'event_type'"))
        }
        guard case .string(let type) = typeValue, !type.isEmpty else {
            return .failure(ConnectorError(line: lineNumber,
                                           "'event_type' must be a non-empty string, found \(typeValue.kindName)"))
        }
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
        switch type {
        case "stats":
            return .success(.skipped(type: type))
        case "alert":
            guard case .object(let details)? = object["alert"] else {
                return .failure(ConnectorError(line: lineNumber, "alert record without an 'alert' object"))
            }
            return .success(.alert(alert(object, details: details, time: time)))
        default:
            return .success(.event(SecurityEvent(source: source, type: type, time: time, fields: object,
                                                 observables: observables(in: object))))
        }
    }

    // MARK: - Alerts

    /// The vendor of every Suricata alert.
    static let vendorInformation: SecurityVendorInformation = {
        var vendor = SecurityVendorInformation()
        vendor.vendor = "OISF"
        vendor.provider = "Suricata"
        return vendor
    }()

    /// Builds the Graph alert of an `alert` record.
    static func alert(_ object: [String: JSONValue], details: [String: JSONValue], time: DateTimeOffset) -> Alert {
        let signature = string(details["signature"])
        let category = string(details["category"]) ?? "Suricata"
        let gid = integer(details["gid"])
        let sid = integer(details["signature_id"])
        let rev = integer(details["rev"])

        var alert = Alert()
        alert.id = alertId(object, time: time, gid: gid, sid: sid, rev: rev)
        alert.title = signature
        alert.category = category
        alert.severity = severity(details["severity"])
        alert.status = .newAlert
        alert.eventDateTime = time
        alert.createdDateTime = time
        alert.vendorInformation = vendorInformation
        let rule = ruleId(gid: gid, sid: sid, rev: rev)
        if let rule { alert.detectionIds = [rule] }
        alert.description = "\(category): \(signature ?? "unnamed signature")" + (rule.map { " (rule \($0))" } ?? "")
        alert.networkConnections = [networkConnection(object)]
        let hosts = hostStates(object)
        if !hosts.isEmpty { alert.hostStates = hosts }
        return alert
    }

    /// Suricata severity 1 is high, 2 medium, 3 low; anything else (4 and up, missing) is informational.
    static func severity(_ value: JSONValue?) -> AlertSeverity {
        switch integer(value) {
        case 1: .high
        case 2: .medium
        case 3: .low
        default: .informational
        }
    }

    /// `gid:sid:rev`, the rule's identity as Suricata prints it; `nil` without a signature id.
    static func ruleId(gid: Int64?, sid: Int64?, rev: Int64?) -> String? {
        guard let sid else { return nil }
        return "\(gid ?? 1):\(sid):\(rev ?? 0)"
    }

    /// The alert id: deterministic, so a line read twice gives the same id (ingestion is idempotent).
    ///
    /// With a `flow_id` and a `signature_id` it is `suricata-<flow_id>-<signature_id>-<time>[-<tx_id>]`,
    /// where `<time>` is the event time in nanoseconds since the epoch: one signature can fire several
    /// times in one flow, and the time keeps those alerts apart; `tx_id` (when present) keeps apart the
    /// alerts one packet raises for several pipelined transactions. Without them (decoder alerts have no flow) it is
    /// `suricata-h<FNV-1a 64 of the time, pcap_cnt, addresses, ports, protocol and gid:sid:rev>` in hex,
    /// which does not depend on the order of the members in the line.
    static func alertId(_ object: [String: JSONValue], time: DateTimeOffset, gid: Int64?, sid: Int64?,
                        rev: Int64?) -> String
    {
        if let flow = integer(object["flow_id"]), let sid {
            let transaction = integer(object["tx_id"]).map { "-\($0)" } ?? ""
            return "suricata-\(flow)-\(sid)-\(time.nanosecondsSinceEpoch)\(transaction)"
        }
        let parts: [String] = [
            String(time.nanosecondsSinceEpoch), text(object["pcap_cnt"]), text(object["src_ip"]),
            text(object["src_port"]), text(object["dest_ip"]), text(object["dest_port"]), text(object["proto"]),
            text(.int(gid ?? -1)), text(.int(sid ?? -1)), text(.int(rev ?? -1)),
        ]
        return "suricata-h" + StableHash.hex16(StableHash.fnv1a64(parts.joined(separator: "|").utf8))
    }

    /// The connection of an alert: addresses, ports, protocol, application and, when the record has
    /// them, the HTTP host and URL, the TLS server name or the DNS name queried.
    ///
    /// Suricata's `direction` (`to_server`, `to_client`) says which way the packet went within the flow,
    /// not whether the flow is inbound or outbound for the network, so it is only used when it is a
    /// `connectionDirection` member already (`inbound`, `outbound`).
    static func networkConnection(_ object: [String: JSONValue]) -> NetworkConnection {
        var connection = NetworkConnection()
        connection.sourceAddress = string(object["src_ip"])
        connection.sourcePort = port(object["src_port"])
        connection.destinationAddress = string(object["dest_ip"])
        connection.destinationPort = port(object["dest_port"])
        if let proto = string(object["proto"]) { connection.protocol = networkProtocol(proto) }
        let directionText = string(object["direction"]) ?? string(object["alert"]?["direction"])
        if let directionText, let name = ConnectionDirection.schema.canonicalName(directionText) {
            connection.direction = ConnectionDirection(rawValue: name)
        }
        connection.applicationName = string(object["app_proto"])
        let http = object["http"]?.objectValue
        let host = string(http?["hostname"])
        let tlsName = string(object["tls"]?["sni"])
        let dnsName = string(object["dns"]?["rrname"]) ?? dnsQueries(object["dns"]).first
        if let name = host ?? tlsName ?? dnsName { connection.destinationDomain = name.lowercased() }
        if let path = string(http?["url"]) {
            connection.destinationUrl = fullURL(host: host, path: path)
            if let query = path.firstIndex(of: "?") {
                let parameters = path[path.index(after: query)...]
                if !parameters.isEmpty { connection.urlParameters = String(parameters) }
            }
        }
        return connection
    }

    /// A `securityNetworkProtocol` member for Suricata's `proto` (`TCP` → `tcp`, `IPv6-ICMP` → `icmpV6`);
    /// a protocol Graph does not name is kept as written.
    static func networkProtocol(_ proto: String) -> SecurityNetworkProtocol {
        if proto.lowercased() == "ipv6-icmp" { return .icmpV6 }
        if let name = SecurityNetworkProtocol.schema.canonicalName(proto) {
            return SecurityNetworkProtocol(rawValue: name)
        }
        return SecurityNetworkProtocol(rawValue: proto)
    }

    /// The source and destination hosts, each with its address as private or public, then the sensor
    /// (`host`, the name Suricata was configured with) as a host with only its name.
    static func hostStates(_ object: [String: JSONValue]) -> [HostSecurityState] {
        var hosts: [HostSecurityState] = []
        for key in ["src_ip", "dest_ip"] {
            guard let address = string(object[key]) else { continue }
            var host = HostSecurityState()
            if isPrivateAddress(address) { host.privateIpAddress = address } else { host.publicIpAddress = address }
            hosts.append(host)
        }
        if let sensor = string(object["host"]) {
            var host = HostSecurityState()
            host.netBiosName = sensor
            hosts.append(host)
        }
        return hosts
    }

    /// Whether the address is not routed on the internet (``IPAddressText/isPrivate``; a `%zone` is
    /// ignored). Text that is not an address counts as public.
    static func isPrivateAddress(_ text: String) -> Bool {
        IPAddressText(text, allowingZone: true)?.isPrivate ?? false
    }

    // MARK: - Values

    /// A non-empty string member.
    static func string(_ value: JSONValue?) -> String? {
        guard case .string(let text)? = value, !text.isEmpty else { return nil }
        return text
    }

    /// An integer member (a number without a fraction).
    static func integer(_ value: JSONValue?) -> Int64? {
        switch value {
        case .int(let number)?: number
        case .double(let number)? where number.rounded() == number && abs(number) < 9.0e18: Int64(number)
        default: nil
        }
    }

    /// A port as Graph writes it (a string).
    static func port(_ value: JSONValue?) -> String? {
        if let number = integer(value) { return String(number) }
        return string(value)
    }

    /// A scalar as text for hashing; empty for absent or structured values.
    private static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        case .double(let number)?: String(number)
        case .bool(let flag)?: String(flag)
        default: ""
        }
    }

    /// `http://host/path`, or the path alone when it is already absolute or there is no host.
    static func fullURL(host: String?, path: String) -> String {
        let lowered = path.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") { return path }
        guard let host else { return path }
        return "http://" + host.lowercased() + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// The names asked in a DNS record's `query` or `queries` array (EVE DNS v1 and v3).
    static func dnsQueries(_ dns: JSONValue?) -> [String] {
        let entries = (dns?["queries"]?.arrayValue ?? []) + (dns?["query"]?.arrayValue ?? [])
        return entries.compactMap { string($0["rrname"]) }
    }
}
