import Testing
import VigilCore
@testable import VigilNotifications

@Suite("CEF formatter")
struct CEFFormatterTests {
    /// A small alert with every field the formatter maps.
    static func sample() -> Alert {
        var alert = Alert()
        alert.id = "a-1"
        alert.title = "Brute force"
        alert.description = "Many failed logons"
        alert.category = "CredentialAccess"
        alert.severity = .high
        alert.status = .newAlert
        alert.confidence = 80
        alert.tags = ["HVA", "tier0"]
        alert.assignedTo = "alice@contoso.com"
        alert.azureTenantId = "t-1"
        alert.eventDateTime = DateTimeOffset("2023-11-14T22:13:20.123Z")
        alert.lastEventDateTime = DateTimeOffset("2023-11-14T22:15:00Z")
        var vendor = SecurityVendorInformation()
        vendor.vendor = "Acme"
        vendor.provider = "Guard"
        vendor.providerVersion = "2.1"
        alert.vendorInformation = vendor
        var connection = NetworkConnection()
        connection.sourceAddress = "10.0.0.5"
        connection.sourcePort = "51000"
        connection.destinationAddress = "203.0.113.9"
        connection.destinationPort = "443"
        connection.protocol = .tcp
        connection.destinationDomain = "evil.example"
        connection.destinationUrl = "https://evil.example/x?y=1"
        alert.networkConnections = [connection]
        var host = HostSecurityState()
        host.fqdn = "ws-1.contoso.local"
        alert.hostStates = [host]
        var user = UserSecurityState()
        user.accountName = "alice"
        user.domainName = "CONTOSO"
        alert.userStates = [user]
        var file = FileSecurityState()
        file.name = "evil.exe"
        file.path = "C:\\Temp\\evil.exe"
        var hash = FileHash()
        hash.hashType = .sha256
        hash.hashValue = String(repeating: "ab", count: 32)
        file.fileHash = hash
        alert.fileStates = [file]
        return alert
    }

    @Test("A full alert: exact header and extension")
    func exactLine() {
        let line = CEFFormatter.line(Self.sample())
        #expect(line == "CEF:0|Acme|Guard|2.1|CredentialAccess|Brute force|8|rt=1700000000123 end=1700000100000 "
            + "src=10.0.0.5 spt=51000 dst=203.0.113.9 dpt=443 proto=TCP request=https://evil.example/x?y\\=1 "
            + "shost=ws-1.contoso.local dhost=evil.example suser=alice sntdom=CONTOSO fname=evil.exe "
            + "filePath=C:\\\\Temp\\\\evil.exe fileHash=\(String(repeating: "ab", count: 32)) act=newAlert "
            + "cat=CredentialAccess msg=Many failed logons externalId=a-1 cs1=HVA,tier0 cs1Label=tags "
            + "cs2=alice@contoso.com cs2Label=assignedTo cs3=t-1 cs3Label=azureTenantId cn1=80 cn1Label=confidence")
    }

    @Test("Severity: high 8, medium 5, low 3, informational 1, unknown and missing 0",
          arguments: [(AlertSeverity.high, 8), (.medium, 5), (.low, 3), (.informational, 1), (.unknown, 0),
                      (AlertSeverity(rawValue: "High"), 8)])
    func severity(_ severity: AlertSeverity, _ expected: Int) {
        #expect(CEFFormatter.severity(severity) == expected)
        #expect(CEFFormatter.severity(nil) == 0)
    }

    @Test("proto: IANA keywords for the protocols receivers know, in any spelling of the Graph member")
    func protocols() {
        #expect(CEFFormatter.protocolName(.tcp) == "TCP")
        #expect(CEFFormatter.protocolName(SecurityNetworkProtocol(rawValue: "TCP")) == "TCP")
        #expect(CEFFormatter.protocolName(.icmpV6) == "IPV6-ICMP")
        #expect(CEFFormatter.protocolName(SecurityNetworkProtocol(rawValue: "icmpv6")) == "IPV6-ICMP")
        #expect(CEFFormatter.protocolName(.ipx) == "ipx")
        #expect(CEFFormatter.protocolName(SecurityNetworkProtocol(rawValue: "quic")) == "quic")
    }

    @Test("Without category or vendor: Signature ID is the id, vendor and product are Vigil, Name falls back")
    func fallbacks() {
        var alert = Alert()
        alert.id = "x|1"
        let line = CEFFormatter.line(alert)
        #expect(line == "CEF:0|Vigil|Vigil||x\\|1|x\\|1|0|externalId=x|1")
    }

    /// Header text, what the header must look like, and what a reader gets back.
    static let headerVectors: [(String, String, String)] = [
        ("a|b", "a\\|b", "a|b"),
        ("back\\slash", "back\\\\slash", "back\\slash"),
        ("end\\", "end\\\\", "end\\"),
        ("\\|", "\\\\\\|", "\\|"),
        ("x=y", "x=y", "x=y"),
        ("two\nlines\r\nhere", "two lines  here", "two lines  here"),
        ("Ünïcødé 漢字 🚨", "Ünïcødé 漢字 🚨", "Ünïcødé 漢字 🚨"),
    ]

    @Test("Header escaping: pipes and backslashes escaped, line breaks become spaces", arguments: headerVectors)
    func headerEscaping(_ text: String, _ escaped: String, _ read: String) throws {
        var alert = Alert()
        alert.title = text
        alert.category = "c"
        let line = CEFFormatter.line(alert)
        #expect(line.hasPrefix("CEF:0|Vigil|Vigil||c|\(escaped)|0|"))
        #expect(!line.contains("\n") && !line.contains("\r"))
        let message = try CEFMessage.parse(line)
        #expect(message.name == read)
        #expect(message.signatureId == "c")
        #expect(message.severity == "0")
    }

    /// Extension value text, what it must look like in the line, and what a reader gets back.
    static let extensionVectors: [(String, String, String)] = [
        ("a=b", "a\\=b", "a=b"),
        ("c:\\dir", "c:\\\\dir", "c:\\dir"),
        ("pipes | stay", "pipes | stay", "pipes | stay"),
        ("line\nfeed", "line\\nfeed", "line\nfeed"),
        ("cr\r\nlf", "cr\\r\\nlf", "cr\r\nlf"),
        ("looks like key=value suser=eve", "looks like key\\=value suser\\=eve", "looks like key=value suser=eve"),
        ("trailing spaces   ", "trailing spaces", "trailing spaces"),
        ("\\=", "\\\\\\=", "\\="),
        ("\\n is not a line feed", "\\\\n is not a line feed", "\\n is not a line feed"),
        ("Ünïcødé 漢字 🚨", "Ünïcødé 漢字 🚨", "Ünïcødé 漢字 🚨"),
    ]

    @Test("Extension escaping: backslash, equals, CR and LF; the value reads back", arguments: extensionVectors)
    func extensionEscaping(_ text: String, _ escaped: String, _ read: String) throws {
        var alert = Alert()
        alert.id = "id-1"
        alert.description = text
        let line = CEFFormatter.line(alert)
        #expect(line == "CEF:0|Vigil|Vigil||id-1|id-1|0|msg=\(escaped) externalId=id-1")
        #expect(!line.contains("\n") && !line.contains("\r"))
        let message = try CEFMessage.parse(line)
        #expect(message.extensions["msg"] == read)
        #expect(message.extensions["externalId"] == "id-1")
        #expect(message.extensions.count == 2)
    }

    @Test("Round trip through CEFParser: every header field and extension pair reads back as written")
    func roundTrip() throws {
        var alert = Self.sample()
        alert.title = "Pipe | and \\ backslash = equals"
        alert.description = "multi\nline\r\ndescription with key=value and \\ and | and 漢字"
        alert.vendorInformation?.vendor = "Ven|dor\\"
        alert.userStates?[0].accountName = "CONTOSO\\alice"
        alert.tags = ["a=b", "c\\d"]
        let message = try CEFMessage.parse(CEFFormatter.line(alert))
        #expect(message.version == 0)
        #expect(message.deviceVendor == "Ven|dor\\")
        #expect(message.deviceProduct == "Guard")
        #expect(message.deviceVersion == "2.1")
        #expect(message.signatureId == "CredentialAccess")
        #expect(message.name == "Pipe | and \\ backslash = equals")
        #expect(message.severity == "8")
        let expected: [String: String] = [
            "rt": "1700000000123", "end": "1700000100000", "src": "10.0.0.5", "spt": "51000", "dst": "203.0.113.9",
            "dpt": "443", "proto": "TCP", "request": "https://evil.example/x?y=1", "shost": "ws-1.contoso.local",
            "dhost": "evil.example", "suser": "CONTOSO\\alice", "sntdom": "CONTOSO", "fname": "evil.exe",
            "filePath": "C:\\Temp\\evil.exe", "fileHash": String(repeating: "ab", count: 32), "act": "newAlert",
            "cat": "CredentialAccess", "msg": "multi\nline\r\ndescription with key=value and \\ and | and 漢字",
            "externalId": "a-1", "cs1": "a=b,c\\d", "cs1Label": "tags", "cs2": "alice@contoso.com",
            "cs2Label": "assignedTo", "cs3": "t-1", "cs3Label": "azureTenantId", "cn1": "80", "cn1Label": "confidence",
        ]
        #expect(message.extensions == expected)
    }

    @Test("Round trip through the CEF connector: the alert read back keeps title, severity, times, network and host facts")
    func connectorRoundTrip() throws {
        let original = Self.sample()
        let message = try CEFMessage.parse(CEFFormatter.line(original))
        let read = CEFConnector.alert(message)
        #expect(read.title == original.title)
        #expect(read.description == original.description)
        #expect(read.category == original.category)
        #expect(read.severity == .high)
        #expect(read.eventDateTime == original.eventDateTime)
        #expect(read.lastEventDateTime == original.lastEventDateTime)
        #expect(read.vendorInformation?.vendor == "Acme")
        #expect(read.vendorInformation?.provider == "Guard")
        #expect(read.vendorInformation?.providerVersion == "2.1")
        let connection = try #require(read.networkConnections?.first)
        #expect(connection.sourceAddress == "10.0.0.5")
        #expect(connection.sourcePort == "51000")
        #expect(connection.destinationAddress == "203.0.113.9")
        #expect(connection.destinationPort == "443")
        #expect(connection.protocol == .tcp)
        #expect(connection.destinationDomain == "evil.example")
        #expect(read.userStates?.first?.accountName == "alice")
        #expect(read.userStates?.first?.domainName == "CONTOSO")
        #expect(read.fileStates?.first?.fileHash?.hashValue == String(repeating: "ab", count: 32))
        #expect(read.fileStates?.first?.fileHash?.hashType == .sha256)
    }

    @Test("Generated alerts all parse back with their id, title and severity")
    func generated() throws {
        var generator = AlertGenerator(seed: 3)
        for alert in generator.alerts(count: 300) {
            let line = CEFFormatter.line(alert)
            #expect(!line.contains("\n"))
            let message = try CEFMessage.parse(line)
            #expect(message.extensions["externalId"] == alert.id)
            #expect(message.name == alert.title)
            #expect(message.severity == String(CEFFormatter.severity(alert.severity)))
            #expect(message.extensions["msg"] == alert.description)
        }
    }
}
