import VigilCore

/// Writes a Graph alert as one ArcSight Common Event Format (CEF) message. Pure: an alert in, bytes out.
///
/// `CEF:0|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension`
///
/// The header:
/// - Device Vendor, Device Product, Device Version: `vendorInformation.vendor`, `.provider` and
///   `.providerVersion` (`Vigil`, `Vigil` and empty when absent).
/// - Signature ID: the alert's `category`, else its `id`. Name: `title`, else the Signature ID.
/// - Severity: see ``severity(_:)``.
///
/// The extension (each key only when the alert has a value):
/// - `rt`: `eventDateTime`, else `createdDateTime`, in milliseconds since the epoch; `end`: `lastEventDateTime`.
/// - From the first network connection: `src`, `spt`, `dst`, `dpt`, `proto` (upper case for the
///   protocols CEF receivers know by name, e.g. `TCP`), `app`, `request` (`destinationUrl`).
/// - `shost`: the first host's `fqdn` (else `netBiosName`); `dhost`: the first connection's
///   `destinationDomain`.
/// - `suser`/`sntdom`: the first user's `accountName` (else `userPrincipalName`) and `domainName`.
/// - `fname`, `filePath`, `fileHash`: the first file state.
/// - `act`: `status`; `cat`: `category`; `msg`: `description`; `externalId`: `id`.
/// - `cs1` (label `tags`): the tags joined by `,`; `cs2` (`assignedTo`); `cs3` (`azureTenantId`);
///   `cn1` (`confidence`).
///
/// Escaping follows the CEF specification: in the header `\` and `|` are preceded by `\`; in extension
/// values `\` and `=` are, and line feeds and carriage returns are written `\n` and `\r`. A header cannot
/// carry a line break, so one there becomes a space. Trailing spaces and tabs of extension values are
/// dropped (a CEF reader cannot tell them from the separator). The output never contains a raw CR or LF.
public enum CEFFormatter {
    /// The header's CEF version.
    public static let version = 0

    /// The CEF line of an alert, without a line end.
    /// - Parameter alert: the alert.
    /// - Returns: the message text.
    public static func line(_ alert: Alert) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(768)
        write(alert, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the CEF message of an alert (no line end) as UTF-8.
    /// - Parameters:
    ///   - alert: the alert.
    ///   - out: the buffer to append to.
    public static func write(_ alert: Alert, to out: inout [UInt8]) {
        out.append(contentsOf: "CEF:0|".utf8)
        // Nested values are read in place (`array[0].field`), never copied whole: a copy retains every field.
        header(nonEmpty(alert.vendorInformation?.vendor) ?? "Vigil", to: &out)
        header(nonEmpty(alert.vendorInformation?.provider) ?? "Vigil", to: &out)
        header(alert.vendorInformation?.providerVersion ?? "", to: &out)
        let signature = nonEmpty(alert.category) ?? alert.id ?? ""
        header(signature, to: &out)
        header(nonEmpty(alert.title) ?? signature, to: &out)
        appendDecimal(Int64(severity(alert.severity)), to: &out)
        out.append(pipe)

        var writer = ExtensionWriter(out: out)
        out = []
        if let time = alert.eventDateTime ?? alert.createdDateTime { writer.milliseconds("rt", time) }
        if let end = alert.lastEventDateTime { writer.milliseconds("end", end) }
        let connections = alert.networkConnections ?? []
        if !connections.isEmpty {
            writer.pair("src", connections[0].sourceAddress)
            writer.pair("spt", connections[0].sourcePort)
            writer.pair("dst", connections[0].destinationAddress)
            writer.pair("dpt", connections[0].destinationPort)
            writer.pair("proto", connections[0].protocol.map(protocolName))
            writer.pair("app", connections[0].applicationName)
            writer.pair("request", connections[0].destinationUrl)
        }
        let hosts = alert.hostStates ?? []
        if !hosts.isEmpty { writer.pair("shost", nonEmpty(hosts[0].fqdn) ?? hosts[0].netBiosName) }
        if !connections.isEmpty { writer.pair("dhost", connections[0].destinationDomain) }
        let users = alert.userStates ?? []
        if !users.isEmpty {
            writer.pair("suser", nonEmpty(users[0].accountName) ?? users[0].userPrincipalName)
            writer.pair("sntdom", users[0].domainName)
        }
        let files = alert.fileStates ?? []
        if !files.isEmpty {
            writer.pair("fname", files[0].name)
            writer.pair("filePath", files[0].path)
            writer.pair("fileHash", files[0].fileHash?.hashValue)
        }
        writer.pair("act", alert.status?.rawValue)
        writer.pair("cat", alert.category)
        writer.pair("msg", alert.description)
        writer.pair("externalId", alert.id)
        if let tags = alert.tags { writer.labeled("cs1", "tags", joining: tags) }
        writer.labeled("cs2", "assignedTo", alert.assignedTo)
        writer.labeled("cs3", "azureTenantId", alert.azureTenantId)
        if let confidence = alert.confidence { writer.labeled("cn1", "confidence", number: Int64(confidence)) }
        out = writer.out
    }

    /// The CEF Severity (0–10) of a Graph severity: high 8, medium 5, low 3, informational 1, anything else 0.
    public static func severity(_ severity: AlertSeverity?) -> Int {
        guard let raw = severity?.rawValue else { return 0 }
        switch raw {
        case "high": return 8
        case "medium": return 5
        case "low": return 3
        case "informational": return 1
        default:
            // Enum members compare case-insensitively; the spelling above is the common one.
            let lowered = raw.lowercased()
            return lowered == raw ? 0 : Self.severity(AlertSeverity(rawValue: lowered))
        }
    }

    /// The `proto` value of a Graph protocol: the IANA keyword receivers expect (`TCP`, `UDP`, `ICMP`,
    /// `IPV6-ICMP`…), else the Graph member as written.
    static func protocolName(_ value: SecurityNetworkProtocol) -> String {
        switch value.rawValue {
        case "tcp": return "TCP"
        case "udp": return "UDP"
        case "icmp": return "ICMP"
        case "igmp": return "IGMP"
        case "icmpV6": return "IPV6-ICMP"
        case "ip": return "IP"
        default:
            // Another spelling of a member (`TCP`, `icmpv6`): its canonical name, mapped as above.
            guard let canonical = SecurityNetworkProtocol.schema.canonicalName(value.rawValue),
                  canonical != value.rawValue else { return value.rawValue }
            return protocolName(SecurityNetworkProtocol(rawValue: canonical))
        }
    }

    // MARK: - Escaping

    /// Appends one header field and its closing `|`: `\` and `|` escaped, CR and LF turned into spaces.
    static func header(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            appendEscaped(bytes, to: &out) { byte in
                switch byte {
                case backslash, pipe: (backslash, byte)
                case 0x0A, 0x0D: (nil, 0x20)
                default: nil
                }
            }
        }
        out.append(pipe)
    }

    /// Appends an extension value: `\` and `=` escaped, LF as `\n`, CR as `\r`.
    static func extensionValue(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        appendEscaped(bytes, to: &out) { byte in
            switch byte {
            case backslash, equals: (backslash, byte)
            case 0x0A: (backslash, UInt8(ascii: "n"))
            case 0x0D: (backslash, UInt8(ascii: "r"))
            default: nil
            }
        }
    }

    /// Copies `bytes`, replacing each byte `escape` names by its optional prefix and replacement; runs of
    /// plain bytes are copied whole.
    @inline(__always)
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8],
                              _ escape: (UInt8) -> (prefix: UInt8?, byte: UInt8)?)
    {
        var runStart = 0
        for index in 0..<bytes.count {
            guard let (prefix, replacement) = escape(bytes[index]) else { continue }
            if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            if let prefix { out.append(prefix) }
            out.append(replacement)
            runStart = index + 1
        }
        if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }

    /// The length of `bytes` without trailing spaces and tabs.
    static func trimmedCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return end
    }

    static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendDecimal(-value, to: &out)
            return
        }
        if value >= 10 { appendDecimal(value / 10, to: &out) }
        out.append(UInt8(48 + value % 10))
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    static let backslash = UInt8(ascii: "\\")
    static let pipe = UInt8(ascii: "|")
    static let equals = UInt8(ascii: "=")

    /// Appends `key=value` pairs separated by single spaces; values without trailing spaces and tabs, and
    /// left out when nothing remains.
    struct ExtensionWriter {
        var out: [UInt8]
        var first = true

        mutating func pair(_ key: StaticString, _ value: String?) {
            guard var value else { return }
            value.withUTF8 { bytes in
                let count = trimmedCount(bytes)
                guard count > 0 else { return }
                start(key)
                extensionValue(UnsafeBufferPointer(rebasing: bytes[..<count]), to: &out)
            }
        }

        mutating func labeled(_ key: StaticString, _ label: StaticString, _ value: String?) {
            guard var value else { return }
            let written = value.withUTF8 { bytes -> Bool in
                let count = trimmedCount(bytes)
                guard count > 0 else { return false }
                start(key)
                extensionValue(UnsafeBufferPointer(rebasing: bytes[..<count]), to: &out)
                return true
            }
            if written { appendLabel(key, label) }
        }

        /// `key=a,b,c keyLabel=label`: the values escaped and joined by commas, trailing blanks of the whole
        /// dropped; nothing when all are empty.
        mutating func labeled(_ key: StaticString, _ label: StaticString, joining values: [String]) {
            guard !values.isEmpty else { return }
            let mark = out.count
            let wasFirst = first
            start(key)
            let valueStart = out.count
            for (n, value) in values.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                var value = value
                value.withUTF8 { extensionValue($0, to: &out) }
            }
            while out.count > valueStart, out[out.count - 1] == 0x20 || out[out.count - 1] == 0x09 { out.removeLast() }
            guard out.count > valueStart else {
                out.removeSubrange(mark...)
                first = wasFirst
                return
            }
            appendLabel(key, label)
        }

        mutating func labeled(_ key: StaticString, _ label: StaticString, number: Int64) {
            start(key)
            appendDecimal(number, to: &out)
            appendLabel(key, label)
        }

        mutating func milliseconds(_ key: StaticString, _ time: DateTimeOffset) {
            start(key)
            appendDecimal(time.secondsSinceEpoch * 1000 + Int64(time.nanoseconds / 1_000_000), to: &out)
        }

        private mutating func appendLabel(_ key: StaticString, _ label: StaticString) {
            out.append(0x20)
            append(key)
            out.append(contentsOf: "Label=".utf8)
            append(label)
        }

        private mutating func start(_ key: StaticString) {
            if !first { out.append(0x20) }
            first = false
            append(key)
            out.append(equals)
        }

        private mutating func append(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
    }
}
