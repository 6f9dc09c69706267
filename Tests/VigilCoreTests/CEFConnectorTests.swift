import Foundation
import Testing
@testable import VigilCore

/// Hand-written CEF lines in the shapes of the ArcSight specification; the data test reads the Elastic sample.
@Suite("CEFConnector")
struct CEFConnectorTests {
    static let fullLine = #"CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|"#
        + #"src=10.0.0.1 dst=203.0.113.9 spt=1232 dpt=80 proto=TCP rt=1700000000000 deviceExternalId=dev-7 "#
        + #"shost=ws-1.corp.example dhost=Evil.Example.com suser=alice sntdom=CORP duser=bob "#
        + #"request=http://evil.example.com/gate.php?id=42 fname=payload.exe filePath=C:\\Temp\\payload.exe "#
        + #"fileHash=D41D8CD98F00B204E9800998ECF8427E cat=/Malware/Worm msg=Worm stopped at the gateway "#
        + #"end=1700000060000 deviceDirection=1 app=HTTP"#

    static func read(_ line: String, lineNumber: Int? = 3) -> Result<ConnectorRecord, ConnectorError> {
        CEFConnector.read(line: Array(line.utf8), lineNumber: lineNumber)
    }

    static func alert(_ line: String) -> Alert? {
        guard case .success(.alert(let alert)) = read(line) else { return nil }
        return alert
    }

    static func failure(_ line: String) -> ConnectorError? {
        guard case .failure(let error) = read(line) else { return nil }
        return error
    }

    // MARK: - Parsing

    @Test func headerFields() throws {
        let message = try CEFMessage.parse("CEF:1|Acme|Gate|2.3|sig-9|Port scan|Medium|")
        #expect(message.version == 1)
        #expect(message.deviceVendor == "Acme")
        #expect(message.deviceProduct == "Gate")
        #expect(message.deviceVersion == "2.3")
        #expect(message.signatureId == "sig-9")
        #expect(message.name == "Port scan")
        #expect(message.severity == "Medium")
        #expect(message.extensions.isEmpty)
        #expect(message.syslogHost == nil)
        #expect(message.syslogTime == nil)
    }

    @Test func headerEscapes() throws {
        let message = try CEFMessage.parse(#"CEF:0|Ven\|dor|Prod\\uct|1.0|id\=1|a \| b \\ c|3|k=v"#)
        #expect(message.deviceVendor == "Ven|dor")
        #expect(message.deviceProduct == #"Prod\uct"#)
        #expect(message.signatureId == #"id\=1"#) // `\=` is an extension escape only
        #expect(message.name == #"a | b \ c"#)
        #expect(message.extensions == ["k": "v"])
    }

    @Test func extensionEscapes() throws {
        let message = try CEFMessage.parse(
            #"CEF:0|V|P|1|s|n|1|a=x\=y b=C:\\dir\\file c=line1\nline2\rend d=keep\t e=pipe|ok"#)
        #expect(message.extensions["a"] == "x=y")
        #expect(message.extensions["b"] == #"C:\dir\file"#)
        #expect(message.extensions["c"] == "line1\nline2\rend")
        #expect(message.extensions["d"] == #"keep\t"#)
        #expect(message.extensions["e"] == "pipe|ok")
        #expect(message.extensions.count == 5)
    }

    @Test func valuesWithSpacesAndLabels() throws {
        let message = try CEFMessage.parse(
            "CEF:0|V|P|1|s|n|1|msg=Detected a threat. No action needed cs1Label=Policy Name cs1=Block all "
                + "ports  dpt=22   ")
        #expect(message.extensions["msg"] == "Detected a threat. No action needed")
        #expect(message.extensions["cs1Label"] == "Policy Name")
        #expect(message.extensions["cs1"] == "Block all ports")
        #expect(message.extensions["dpt"] == "22")
    }

    @Test func unescapedEqualsInValueStaysInValue() throws {
        // `b=c` after a non-space is not a key; only ` key=` starts a pair.
        let message = try CEFMessage.parse("CEF:0|V|P|1|s|n|1|request=http://x.example/?a=1&b=2 dpt=80")
        #expect(message.extensions == ["request": "http://x.example/?a=1&b=2", "dpt": "80"])
    }

    @Test func headerWithoutClosingPipeHasEmptyExtension() throws {
        let message = try CEFMessage.parse("CEF:0|V|P|1|s|n|Low")
        #expect(message.severity == "Low")
        #expect(message.extensions.isEmpty)
    }

    @Test func rfc3164Syslog() throws {
        let message = try CEFMessage.parse("<134>Jan  5 10:00:00 fw-01 CEF:0|V|P|1|s|n|5|src=10.1.1.1")
        #expect(message.syslogHost == "fw-01")
        #expect(message.syslogTime == nil) // no year in RFC 3164
        #expect(message.extensions["src"] == "10.1.1.1")

        let withYear = try CEFMessage.parse("<134>Jan 05 2024 10:00:00 fw-02 CEF:0|V|P|1|s|n|5|")
        #expect(withYear.syslogHost == "fw-02")
        #expect(withYear.syslogTime == DateTimeOffset("2024-01-05T10:00:00Z"))

        let noPriority = try CEFMessage.parse("Jan 05 10:00:00 fw-03 CEF:0|V|P|1|s|n|5|")
        #expect(noPriority.syslogHost == "fw-03")
    }

    @Test func rfc5424Syslog() throws {
        let message = try CEFMessage.parse(
            "<165>1 2024-03-01T12:30:45.5+01:00 ids.example.net cef - ID47 - CEF:0|V|P|1|s|n|8|dst=10.0.0.2")
        #expect(message.syslogHost == "ids.example.net")
        #expect(message.syslogTime == DateTimeOffset("2024-03-01T11:30:45.5Z"))
        #expect(message.extensions["dst"] == "10.0.0.2")

        let nilValues = try CEFMessage.parse("<165>1 - - app - - [x@1 a=\"b\"] CEF:0|V|P|1|s|n|8|")
        #expect(nilValues.syslogHost == nil)
        #expect(nilValues.syslogTime == nil)
    }

    // MARK: - Severity and time

    @Test(arguments: [
        ("0", AlertSeverity.low), ("3", .low), ("4", .medium), ("6", .medium), ("7", .high), ("8", .high),
        ("9", .high), ("10", .high), ("11", .informational), ("-1", .informational),
        ("Low", .low), ("medium", .medium), ("HIGH", .high), ("Very-High", .high), ("Unknown", .informational),
        ("", .informational),
    ])
    func severity(_ text: String, _ expected: AlertSeverity) throws {
        #expect(CEFConnector.severity(text) == expected)
        let alert = try #require(Self.alert("CEF:0|V|P|1|s|n|\(text)|"))
        #expect(alert.severity == expected)
    }

    @Test(arguments: [
        ("1700000000000", "2023-11-14T22:13:20Z"),
        ("1700000000123", "2023-11-14T22:13:20.123Z"),
        ("1700000000", "2023-11-14T22:13:20Z"),
        ("Jan 01 2024 10:00:00", "2024-01-01T10:00:00Z"),
        ("Jan 01 2024 10:00:00.250 UTC", "2024-01-01T10:00:00.25Z"),
        ("Feb 29 2024 23:59:59 +02:00", "2024-02-29T21:59:59Z"),
        ("2024-01-01T10:00:00-05:00", "2024-01-01T15:00:00Z"),
    ])
    func receiptTime(_ text: String, _ expected: String) throws {
        let alert = try #require(Self.alert("CEF:0|V|P|1|s|n|5|rt=\(text) src=10.0.0.1"))
        #expect(alert.eventDateTime == DateTimeOffset(expected))
        #expect(alert.createdDateTime == DateTimeOffset(expected))
    }

    @Test func timeFallsBackToStartThenSyslogThenNil() throws {
        let start = try #require(Self.alert("CEF:0|V|P|1|s|n|5|rt=Jan 01 10:00:00 start=1700000000000"))
        #expect(start.eventDateTime == DateTimeOffset("2023-11-14T22:13:20Z"))

        let syslog = try #require(Self.alert("<13>1 2024-05-05T05:05:05Z h a - - - CEF:0|V|P|1|s|n|5|rt=CET"))
        #expect(syslog.eventDateTime == DateTimeOffset("2024-05-05T05:05:05Z"))

        let none = try #require(Self.alert("CEF:0|V|P|1|s|n|5|rt=Jan 01 2024 10:00:00 EST"))
        #expect(none.eventDateTime == nil)
        #expect(none.ingestionProblem == nil)

        let badDay = try #require(Self.alert("CEF:0|V|P|1|s|n|5|rt=Feb 30 2024 10:00:00 start=Feb 29 2023 10:00:00"))
        #expect(badDay.eventDateTime == nil)
    }

    // MARK: - Alert mapping

    @Test func alertMapsEveryField() throws {
        let alert = try #require(Self.alert(Self.fullLine))
        #expect(alert.id == "cef-4bc7b8bacdec8159")
        #expect(alert.title == "worm successfully stopped")
        #expect(alert.description == "Worm stopped at the gateway")
        #expect(alert.category == "/Malware/Worm")
        #expect(alert.severity == .high)
        #expect(alert.status == .newAlert)
        #expect(alert.eventDateTime == DateTimeOffset("2023-11-14T22:13:20Z"))
        #expect(alert.createdDateTime == DateTimeOffset("2023-11-14T22:13:20Z"))
        #expect(alert.lastEventDateTime == DateTimeOffset("2023-11-14T22:14:20Z"))
        #expect(alert.vendorInformation?.vendor == "Security")
        #expect(alert.vendorInformation?.provider == "threatmanager")
        #expect(alert.vendorInformation?.providerVersion == "1.0")

        let connection = try #require(alert.networkConnections?.first)
        #expect(alert.networkConnections?.count == 1)
        #expect(connection.sourceAddress == "10.0.0.1")
        #expect(connection.sourcePort == "1232")
        #expect(connection.destinationAddress == "203.0.113.9")
        #expect(connection.destinationPort == "80")
        #expect(connection.protocol == .tcp)
        #expect(connection.applicationName == "HTTP")
        #expect(connection.destinationDomain == "evil.example.com")
        #expect(connection.destinationUrl == "http://evil.example.com/gate.php?id=42")
        #expect(connection.urlParameters == "id=42")
        #expect(connection.direction == .outbound)

        let hosts = try #require(alert.hostStates)
        #expect(hosts.map(\.fqdn) == ["ws-1.corp.example", "evil.example.com"])
        #expect(hosts.map(\.privateIpAddress) == ["10.0.0.1", nil])
        #expect(hosts.map(\.publicIpAddress) == [nil, "203.0.113.9"])

        let users = try #require(alert.userStates)
        #expect(users.map(\.accountName) == ["alice", "bob"])
        #expect(users.map(\.domainName) == ["CORP", nil])

        let file = try #require(alert.fileStates?.first)
        #expect(file.name == "payload.exe")
        #expect(file.path == #"C:\Temp\payload.exe"#)
        #expect(file.fileHash?.hashType == .md5)
        #expect(file.fileHash?.hashValue == "d41d8cd98f00b204e9800998ecf8427e")

        #expect(alert.ingestionProblem == nil)
    }

    @Test func minimalAlert() throws {
        let alert = try #require(Self.alert("CEF:0|V|P||sig|Name|2|"))
        #expect(alert.title == "Name")
        #expect(alert.description == "Name")
        #expect(alert.category == "sig")
        #expect(alert.vendorInformation?.providerVersion == nil)
        #expect(alert.networkConnections == nil)
        #expect(alert.hostStates == nil)
        #expect(alert.userStates == nil)
        #expect(alert.fileStates == nil)
        #expect(alert.eventDateTime == nil)
        #expect(alert.ingestionProblem == nil)
    }

    @Test func idIsStableAndKeyedOnTheListedFields() throws {
        let first = try #require(Self.alert(Self.fullLine)?.id)
        let again = try #require(Self.alert(Self.fullLine)?.id)
        #expect(first == again)
        let otherMessage = try #require(Self.alert(Self.fullLine.replacingOccurrences(of: "msg=Worm", with: "msg=A"))?.id)
        #expect(otherMessage == first)
        let otherPort = try #require(Self.alert(Self.fullLine.replacingOccurrences(of: "dpt=80", with: "dpt=81"))?.id)
        #expect(otherPort != first)
        #expect(first.hasPrefix("cef-") && first.count == 20)
    }

    @Test func hostNamesThatAreAddresses() throws {
        let alert = try #require(Self.alert("CEF:0|V|P|1|s|n|1|shost=192.168.0.5 dhost=8.8.8.8 dvchost=fw.example dvc=172.16.0.1"))
        let hosts = try #require(alert.hostStates)
        #expect(hosts.map(\.fqdn) == [nil, nil, "fw.example"])
        #expect(hosts.map(\.privateIpAddress) == ["192.168.0.5", nil, "172.16.0.1"])
        #expect(hosts.map(\.publicIpAddress) == [nil, "8.8.8.8", nil])
        #expect(alert.networkConnections?.first?.destinationDomain == nil)
    }

    @Test func observables() throws {
        let message = try CEFMessage.parse(Self.fullLine + " suser=carol@example.org")
        let found = CEFConnector.observables(in: message).map(\.description)
        #expect(found == [
            "ipAddress:10.0.0.1", "ipAddress:203.0.113.9", "domainName:ws-1.corp.example",
            "domainName:evil.example.com", "url:http://evil.example.com/gate.php?id=42",
            "md5:d41d8cd98f00b204e9800998ecf8427e", "emailAddress:carol@example.org",
        ])
    }

    // MARK: - Malformed lines

    @Test(arguments: [
        ("", "empty line"),
        ("hello world", "no 'CEF:' header"),
        ("{\"event_type\":\"alert\"}", "no 'CEF:' header"),
        ("CEF:0|V|P|1|s|n", "6 of the 7"),
        ("CEF:0", "1 of the 7"),
        ("CEF:x|V|P|1|s|n|1|", "version is not a number"),
        ("CEF:0||P|1|s|n|1|", "empty Device Vendor"),
        ("CEF:0|V| |1|s|n|1|", "empty Device Product"),
    ])
    func malformed(_ line: String, _ expected: String) throws {
        let error = try #require(Self.failure(line))
        #expect(error.line == 3)
        #expect(error.message.contains(expected), "\(error.message)")
    }

    @Test func parseThrowsWithoutLineNumber() {
        #expect(throws: ConnectorError(line: nil, "not a CEF message: no 'CEF:' header found")) {
            try CEFMessage.parse("not cef")
        }
    }

    // MARK: - Shared data

    /// All four lines of the Elastic integration sample read as alerts ready for ingestion.
    @Test(.enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func sharedSample() throws {
        let data = try Data(contentsOf: TestData.url("cef/elastic-integrations_test-cef.log"))
        let lines = [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: true)
        #expect(lines.count == 4)
        var alerts: [Alert] = []
        var failures: [String] = []
        for (index, line) in lines.enumerated() {
            switch CEFConnector.read(line: line, lineNumber: index + 1) {
            case .success(.alert(let alert)):
                if let problem = alert.ingestionProblem { failures.append("line \(index + 1): \(problem)") }
                alerts.append(alert)
            case .success(let other):
                failures.append("line \(index + 1): unexpected \(other)")
            case .failure(let error):
                failures.append(error.description)
            }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(alerts.count == 4)
        #expect(Set(alerts.compactMap(\.id)).count == 4)

        let first = try #require(alerts.first)
        #expect(first.id == "cef-7971cf41ab4cddc5")
        #expect(first.title == "Web request")
        #expect(first.severity == .low)
        #expect(first.category == "18")
        #expect(first.vendorInformation?.vendor == "Elastic")
        #expect(first.vendorInformation?.provider == "Vaporware")
        #expect(first.vendorInformation?.providerVersion == "1.0.0-alpha")
        let connection = try #require(first.networkConnections?.first)
        #expect(connection.sourceAddress == "89.160.20.156")
        #expect(connection.sourcePort == "33876")
        #expect(connection.destinationAddress == "192.168.10.1")
        #expect(connection.destinationPort == "443")
        #expect(connection.protocol == .tcp)
        #expect(connection.destinationUrl == "https://www.example.com/cart")
        #expect(first.hostStates?.map(\.publicIpAddress) == ["89.160.20.156", nil])
        #expect(first.hostStates?.map(\.privateIpAddress) == [nil, "192.168.10.1"])

        let second = try #require(alerts.dropFirst().first)
        #expect(second.userStates?.map(\.accountName) == ["bob", "alice"])
        #expect(second.fileStates?.first?.fileHash?.hashType == .md5)

        // The last line is padded with trailing spaces on purpose.
        let last = try #require(alerts.last)
        #expect(last.hostStates?.map(\.privateIpAddress) == ["192.168.3.4", "192.168.1.2"])
    }
}
