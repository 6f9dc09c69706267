import Foundation
import Testing
@testable import VigilCore

/// Hand-written Wazuh alerts.json lines (see `Fixtures/wazuh/SOURCE.md`).
@Suite("WazuhConnector")
struct WazuhConnectorTests {
    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wazuh/alerts.json")

    /// The fixture's lines, without empty ones, numbered from 1.
    static func fixtureLines() throws -> [(number: Int, text: String)] {
        let text = try String(contentsOf: fixtureURL, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .compactMap { $0.element.isEmpty ? nil : ($0.offset + 1, String($0.element)) }
    }

    /// The alert of fixture line `number`.
    static func fixtureAlert(_ number: Int) throws -> Alert {
        let line = try #require(try fixtureLines().first { $0.number == number })
        return try #require(alert(line.text, lineNumber: number))
    }

    static func read(_ line: String, lineNumber: Int? = 7) -> Result<ConnectorRecord, ConnectorError> {
        WazuhConnector.read(line: Array(line.utf8), lineNumber: lineNumber)
    }

    static func alert(_ line: String, lineNumber: Int? = 7) -> Alert? {
        guard case .success(.alert(let alert)) = read(line, lineNumber: lineNumber) else { return nil }
        return alert
    }

    static func failure(_ line: String) -> ConnectorError? {
        guard case .failure(let error) = read(line) else { return nil }
        return error
    }

    // MARK: - Fixture alerts

    @Test func sshdInvalidUser() throws {
        let alert = try Self.fixtureAlert(1)
        #expect(alert.id == "wazuh-1709287200.1042")
        #expect(alert.title == "sshd: Attempt to login using a non-existent user")
        #expect(alert.severity == .low)
        #expect(alert.status == .newAlert)
        #expect(alert.category == "syslog")
        #expect(alert.description == "Mar  1 10:00:00 web-01 sshd[24117]: Invalid user admin from 198.51.100.23 port 50122")
        #expect(alert.detectionIds == ["5710"])
        #expect(alert.alertDetections?.first?.method == "sshd")
        #expect(alert.alertDetections?.first?.name == "5710")
        let time = try #require(DateTimeOffset("2024-03-01T10:00:00.123Z"))
        #expect(alert.eventDateTime == time)
        #expect(alert.createdDateTime == time)
        #expect(alert.vendorInformation?.vendor == "Wazuh")
        #expect(alert.vendorInformation?.provider == "Wazuh")
        #expect(alert.vendorInformation?.subProvider == "wazuh-manager")
        #expect(alert.sourceMaterials == ["/var/log/auth.log"])
        #expect(alert.tags == ["T1110.001", "T1021.004", "Credential Access", "Lateral Movement"])

        let hosts = try #require(alert.hostStates)
        #expect(hosts.count == 1)
        #expect(hosts.first?.netBiosName == "web-01")
        #expect(hosts.first?.privateIpAddress == "10.0.1.15")
        #expect(hosts.first?.publicIpAddress == nil)

        let connection = try #require(alert.networkConnections?.first)
        #expect(alert.networkConnections?.count == 1)
        #expect(connection.sourceAddress == "198.51.100.23")
        #expect(connection.sourcePort == "50122")
        #expect(connection.destinationAddress == nil)
        #expect(connection.protocol == nil)

        let users = try #require(alert.userStates)
        #expect(users.map(\.accountName) == ["admin"])
        #expect(users.first?.logonIp == "198.51.100.23")
        #expect(alert.fileStates == nil)
        #expect(alert.ingestionProblem == nil)
    }

    @Test func syscheckHashes() throws {
        let alert = try Self.fixtureAlert(2)
        #expect(alert.id == "wazuh-1709287512.5531")
        #expect(alert.title == "Integrity checksum changed.")
        #expect(alert.severity == .medium)
        #expect(alert.category == "ossec")
        #expect(alert.sourceMaterials == ["syscheck"])
        #expect(alert.description?.hasPrefix("File '/usr/bin/passwd' modified\nMode: realtime\n") == true)
        let files = try #require(alert.fileStates)
        #expect(files.count == 3)
        #expect(files.allSatisfy { $0.path == "/usr/bin/passwd" && $0.name == "passwd" })
        #expect(files.map(\.fileHash?.hashType) == [.sha256, .sha1, .md5])
        #expect(files.map(\.fileHash?.hashValue) == [
            "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
            "7c2e5d1f9a3b8e4c6d0f2a1b3c5e7d9f8a6b4c2e",
            "9b2c0e7a5d4f3a1b8c6d2e0f1a3b5c7d",
        ])
        #expect(alert.networkConnections == nil)
        #expect(alert.userStates == nil)
        #expect(alert.tags == ["T1565.001", "Impact"])
    }

    @Test func webAttackURL() throws {
        let alert = try Self.fixtureAlert(3)
        #expect(alert.title == "SQL injection attempt.")
        #expect(alert.category == "web")
        #expect(alert.severity == .medium)
        let connection = try #require(alert.networkConnections?.first)
        #expect(connection.sourceAddress == "203.0.113.77")
        #expect(connection.destinationUrl == "/products.php?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--")
        #expect(connection.urlParameters == "id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--")
        // `protocol` is the HTTP method for web access logs, not an IP protocol.
        #expect(connection.protocol == nil)
        #expect(alert.sourceMaterials == ["/var/log/nginx/access.log"])
        #expect(alert.tags == ["T1190", "Initial Access"])
    }

    @Test func windowsEventDataUser() throws {
        let alert = try Self.fixtureAlert(4)
        #expect(alert.title == "Logon failure - Unknown user or bad password.")
        #expect(alert.category == "windows")
        // No `full_log`: the description is the rule's.
        #expect(alert.description == "Logon failure - Unknown user or bad password.")
        let users = try #require(alert.userStates)
        #expect(users.count == 1)
        let user = try #require(users.first)
        #expect(user.accountName == "jdoe")
        #expect(user.domainName == "CORP")
        #expect(user.logonIp == "192.0.2.45")
        #expect(user.logonType == .network)
        let connection = try #require(alert.networkConnections?.first)
        #expect(connection.sourceAddress == "192.0.2.45")
        #expect(connection.sourcePort == "51515")
        #expect(alert.hostStates?.first?.netBiosName == "WIN-DC01")
        #expect(alert.sourceMaterials == ["EventChannel"])
        #expect(alert.alertDetections?.first?.method == "windows_eventchannel")
    }

    @Test func vulnerabilityDetector() throws {
        let alert = try Self.fixtureAlert(5)
        #expect(alert.title == "CVE-2021-3156 affects sudo")
        #expect(alert.category == "vulnerability-detector")
        #expect(alert.severity == .medium)
        #expect(alert.vulnerabilityStates?.map(\.cve) == ["CVE-2021-3156"])
        #expect(alert.vulnerabilityStates?.first?.severity == "High")
        #expect(alert.tags == nil)
        #expect(alert.networkConnections == nil)
    }

    @Test func highLevelAndPublicAgent() throws {
        let alert = try Self.fixtureAlert(6)
        #expect(alert.severity == .high)
        #expect(alert.hostStates?.first?.publicIpAddress == "203.0.113.5")
        #expect(alert.hostStates?.first?.privateIpAddress == nil)
        #expect(alert.tags == ["T1068", "T1190", "Privilege Escalation", "Initial Access"])
    }

    @Test func levelThreeSudo() throws {
        let alert = try Self.fixtureAlert(7)
        #expect(alert.severity == .low)
        #expect(alert.userStates?.map(\.accountName) == ["alice", "root"])
        #expect(alert.userStates?.first?.logonIp == nil)
        #expect(alert.networkConnections == nil)
        #expect(alert.tags == ["T1548.003", "Privilege Escalation", "Defense Evasion"])
    }

    @Test func managerAgentWithoutAddress() throws {
        let alert = try Self.fixtureAlert(8)
        #expect(alert.severity == .medium)
        let host = try #require(alert.hostStates?.first)
        #expect(host.netBiosName == "wazuh-manager")
        #expect(host.privateIpAddress == nil && host.publicIpAddress == nil)
        #expect(alert.userStates?.map(\.accountName) == ["root"])
        #expect(alert.tags == ["T1110", "Credential Access"])
        #expect(alert.sourceMaterials == ["/var/log/secure"])
    }

    @Test func fixtureFileReadsWithoutFailures() throws {
        let lines = try Self.fixtureLines()
        #expect(lines.count == 8)
        var alerts: [Alert] = []
        for line in lines {
            switch Self.read(line.text, lineNumber: line.number) {
            case .success(.alert(let alert)):
                #expect(alert.ingestionProblem == nil, "line \(line.number)")
                alerts.append(alert)
            case .success(let other):
                Issue.record("line \(line.number): expected an alert, got \(other)")
            case .failure(let error):
                Issue.record("\(error)")
            }
        }
        #expect(alerts.count == 8)
        #expect(Set(alerts.compactMap(\.id)).count == 8)
        #expect(alerts.map(\.severity) == [.low, .medium, .medium, .low, .medium, .high, .low, .medium])
    }

    // MARK: - Severity and ids

    @Test(arguments: [(Int64(0), AlertSeverity.informational), (2, .informational), (3, .low), (6, .low),
                      (7, .medium), (11, .medium), (12, .high), (15, .high), (16, .high)])
    func severity(_ level: Int64, _ expected: AlertSeverity) throws {
        #expect(WazuhConnector.severity(level: level) == expected)
        let line = #"{"timestamp":"2024-03-01T10:00:00.000+0000","id":"1.2","rule":{"id":"1","level":\#(level),"description":"x"}}"#
        let alert = try #require(Self.alert(line))
        #expect(alert.severity == expected)
        #expect(alert.ingestionProblem == nil)
    }

    @Test func minimalAlertWithoutOwnIdIsHashedDeterministically() throws {
        let line = #"{"timestamp":"2024-03-01T10:00:00.123+0000","rule":{"id":"5716","level":5},"agent":{"id":"001"},"full_log":"x"}"#
        let alert = try #require(Self.alert(line))
        let expected = "wazuh-h" + StableHash.hex16(StableHash.fnv1a64("2024-03-01T10:00:00.123+0000|5716|001|x".utf8))
        #expect(alert.id == expected)
        #expect(Self.alert(line)?.id == expected)
        #expect(alert.title == nil)
        #expect(alert.category == "Wazuh")
        #expect(alert.description == "x")
        #expect(alert.hostStates == nil)
        #expect(alert.vendorInformation?.subProvider == nil)
        #expect(alert.ingestionProblem == nil)
    }

    @Test func longFullLogIsTruncated() throws {
        let log = String(repeating: "é", count: 1500)
        let line = #"{"timestamp":"2024-03-01T10:00:00Z","id":"9.9","rule":{"level":3},"full_log":"\#(log)"}"#
        let alert = try #require(Self.alert(line))
        #expect(alert.description?.count == 1000)
    }

    @Test func firewallProtocolAndDestination() throws {
        let line = #"{"timestamp":"2024-03-01T10:00:00+0000","id":"3.4","rule":{"level":6,"groups":["firewall"]},"data":{"srcip":"10.0.0.5","srcport":"4444","dstip":"198.51.100.1","dstport":"443","protocol":"TCP"}}"#
        let connection = try #require(Self.alert(line)?.networkConnections?.first)
        #expect(connection.sourceAddress == "10.0.0.5")
        #expect(connection.sourcePort == "4444")
        #expect(connection.destinationAddress == "198.51.100.1")
        #expect(connection.destinationPort == "443")
        #expect(connection.protocol == .tcp)
    }

    // MARK: - Malformed lines

    @Test(arguments: [
        ("not json", "malformed JSON"),
        ("[1,2]", "expected a Wazuh alert object, found array"),
        (#"{"rule":{"level":3}}"#, "missing 'timestamp'"),
        (#"{"timestamp":5,"rule":{"level":3}}"#, "'timestamp' must be a string, found number"),
        (#"{"timestamp":"yesterday","rule":{"level":3}}"#, "'timestamp' is not an ISO 8601 date-time: \"yesterday\""),
        (#"{"timestamp":"2024-03-01T10:00:00+0000"}"#, "missing 'rule'"),
        (#"{"timestamp":"2024-03-01T10:00:00+0000","rule":"5716"}"#, "'rule' must be an object, found string"),
        (#"{"timestamp":"2024-03-01T10:00:00+0000","rule":{"id":"5716"}}"#, "missing 'rule.level'"),
        (#"{"timestamp":"2024-03-01T10:00:00+0000","rule":{"level":"5"}}"#, "'rule.level' must be an integer from 0 up, found \"5\""),
        (#"{"timestamp":"2024-03-01T10:00:00+0000","rule":{"level":-1}}"#, "'rule.level' must be an integer from 0 up, found -1"),
    ])
    func malformed(_ line: String, _ message: String) throws {
        let error = try #require(Self.failure(line))
        #expect(error.line == 7)
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }
}
