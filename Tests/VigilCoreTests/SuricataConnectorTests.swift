import Foundation
import Testing
@testable import VigilCore

/// Hand-written EVE lines in the shapes of Suricata 4.x–7.x output; the data test reads the real samples.
@Suite("SuricataConnector")
struct SuricataConnectorTests {
    static let alertLine = """
        {"timestamp":"2017-07-28T14:41:53.128633+0200","flow_id":1234567890123,"in_iface":"eth0",\
        "event_type":"alert","host":"sensor-1","src_ip":"192.168.1.10","src_port":49152,\
        "dest_ip":"203.0.113.7","dest_port":80,"proto":"TCP","app_proto":"http","community_id":"1:abc=",\
        "alert":{"action":"allowed","gid":1,"signature_id":2024897,"rev":3,"signature":"ET TROJAN Example beacon",\
        "category":"A Network Trojan was detected","severity":1},\
        "http":{"hostname":"Evil.Example.com","url":"/gate.php?id=42","http_method":"GET"}}
        """

    static func read(_ line: String, lineNumber: Int? = 7) -> Result<ConnectorRecord, ConnectorError> {
        SuricataConnector.read(line: Array(line.utf8), lineNumber: lineNumber)
    }

    static func alert(_ line: String) -> Alert? {
        guard case .success(.alert(let alert)) = read(line) else { return nil }
        return alert
    }

    static func event(_ line: String) -> SecurityEvent? {
        guard case .success(.event(let event)) = read(line) else { return nil }
        return event
    }

    // MARK: - Alerts

    @Test func alertMapsEveryField() throws {
        let alert = try #require(Self.alert(Self.alertLine))
        let time = try #require(DateTimeOffset("2017-07-28T12:41:53.128633Z"))
        #expect(alert.id == "suricata-1234567890123-2024897-1501245713128633000")
        #expect(alert.title == "ET TROJAN Example beacon")
        #expect(alert.severity == .high)
        #expect(alert.status == .newAlert)
        #expect(alert.category == "A Network Trojan was detected")
        #expect(alert.description == "A Network Trojan was detected: ET TROJAN Example beacon (rule 1:2024897:3)")
        #expect(alert.detectionIds == ["1:2024897:3"])
        #expect(alert.eventDateTime == time)
        #expect(alert.createdDateTime == time)
        #expect(alert.vendorInformation?.vendor == "OISF")
        #expect(alert.vendorInformation?.provider == "Suricata")
        #expect(alert.vendorInformation?.providerVersion == nil)
        #expect(alert.sourceMaterials == nil)

        let connections = try #require(alert.networkConnections)
        #expect(connections.count == 1)
        let connection = try #require(connections.first)
        #expect(connection.sourceAddress == "192.168.1.10")
        #expect(connection.sourcePort == "49152")
        #expect(connection.destinationAddress == "203.0.113.7")
        #expect(connection.destinationPort == "80")
        #expect(connection.protocol == .tcp)
        #expect(connection.applicationName == "http")
        #expect(connection.destinationDomain == "evil.example.com")
        #expect(connection.destinationUrl == "http://evil.example.com/gate.php?id=42")
        #expect(connection.urlParameters == "id=42")
        #expect(connection.direction == nil)

        let hosts = try #require(alert.hostStates)
        #expect(hosts.count == 3)
        #expect(hosts.map(\.privateIpAddress) == ["192.168.1.10", nil, nil])
        #expect(hosts.map(\.publicIpAddress) == [nil, "203.0.113.7", nil])
        #expect(hosts.map(\.netBiosName) == [nil, nil, "sensor-1"])

        #expect(alert.ingestionProblem == nil)
    }

    @Test(arguments: [("1", AlertSeverity.high), ("2", .medium), ("3", .low), ("4", .informational),
                      ("\"1\"", .informational)])
    func severity(_ value: String, _ expected: AlertSeverity) throws {
        let line = """
            {"timestamp":"2021-05-30T20:07:13.208777+0200","flow_id":1,"event_type":"alert",\
            "alert":{"signature_id":6,"signature":"Test","severity":\(value)}}
            """
        let alert = try #require(Self.alert(line))
        #expect(alert.severity == expected)
        #expect(alert.ingestionProblem == nil)
    }

    @Test func alertDefaultsAndTlsDomain() throws {
        let line = """
            {"timestamp":"2022-11-18T00:16:03.640414+0100","flow_id":77,"tx_id":2,"event_type":"alert",\
            "src_ip":"fe80::1","dest_ip":"2001:db8::5","proto":"IPv6-ICMP","direction":"to_server",\
            "tls":{"sni":"API.msn.com"},"alert":{"gid":1,"signature_id":9,"rev":1,"signature":"Sig","severity":2}}
            """
        let alert = try #require(Self.alert(line))
        #expect(alert.category == "Suricata")
        #expect(alert.id == "suricata-77-9-1668726963640414000-2")
        let connection = try #require(alert.networkConnections?.first)
        #expect(connection.protocol == .icmpV6)
        #expect(connection.destinationDomain == "api.msn.com")
        #expect(connection.destinationUrl == nil)
        #expect(connection.direction == nil)
        #expect(alert.hostStates?.map(\.privateIpAddress) == ["fe80::1", nil])
        #expect(alert.hostStates?.map(\.publicIpAddress) == [nil, "2001:db8::5"])
        #expect(alert.ingestionProblem == nil)
    }

    @Test func alertWithoutFlowHasStableHashId() throws {
        let first = """
            {"timestamp":"2024-12-18T19:35:55.534717-0500","pcap_cnt":42,"event_type":"alert",\
            "src_ip":"192.168.230.133","src_port":0,"dest_ip":"224.0.0.22","dest_port":0,"proto":"IGMP",\
            "alert":{"gid":1,"signature_id":2200073,"rev":2,"signature":"SURICATA IPv4 invalid checksum","severity":3}}
            """
        let reordered = """
            {"alert":{"severity":3,"signature":"SURICATA IPv4 invalid checksum","rev":2,"signature_id":2200073,\
            "gid":1},"proto":"IGMP","dest_port":0,"dest_ip":"224.0.0.22","src_port":0,"src_ip":"192.168.230.133",\
            "event_type":"alert","pcap_cnt":42,"timestamp":"2024-12-18T19:35:55.534717-0500"}
            """
        let other = first.replacingOccurrences(of: "\"pcap_cnt\":42", with: "\"pcap_cnt\":43")
        let alert = try #require(Self.alert(first))
        let id = try #require(alert.id)
        #expect(id.hasPrefix("suricata-h"))
        #expect(id.count == "suricata-h".count + 16)
        #expect(Self.alert(reordered)?.id == id)
        #expect(Self.alert(other)?.id != id)
        #expect(alert.networkConnections?.first?.protocol == .igmp)
        #expect(alert.ingestionProblem == nil)
    }

    @Test(arguments: [("10.1.2.3", true), ("172.16.0.1", true), ("172.31.255.255", true), ("172.32.0.1", false),
                      ("192.168.0.1", true), ("127.0.0.1", true), ("169.254.1.1", true), ("8.8.8.8", false),
                      ("::1", true), ("fe80::1%eth0", true), ("fd12:3456::1", true), ("2001:db8::1", false),
                      ("::ffff:10.0.0.1", true), ("::ffff:8.8.8.8", false), ("not-an-ip", false)])
    func privateAddresses(_ address: String, _ isPrivate: Bool) {
        #expect(SuricataConnector.isPrivateAddress(address) == isPrivate)
    }

    // MARK: - Events

    @Test func dnsEventObservables() throws {
        let line = """
            {"timestamp":"2022-11-18T00:15:50.927817+0100","flow_id":1,"event_type":"dns",\
            "src_ip":"172.17.0.153","src_port":61303,"dest_ip":"8.8.8.8","dest_port":53,"proto":"UDP",\
            "dns":{"version":2,"type":"answer","id":1,"rrname":"WWW.Example.COM.","rrtype":"CNAME",\
            "answers":[{"rrname":"www.example.com","rrtype":"CNAME","rdata":"cdn.example.net"},\
            {"rrname":"cdn.example.net","rrtype":"A","rdata":"93.184.216.34"},\
            {"rrname":"cdn.example.net","rrtype":"TXT","rdata":"v=spf1 -all"}]}}
            """
        let event = try #require(Self.event(line))
        #expect(event.source == "suricata")
        #expect(event.type == "dns")
        #expect(event.time == DateTimeOffset("2022-11-17T23:15:50.927817Z"))
        #expect(event.fields == (try JSONParser.parse(line)).objectValue)
        #expect(event.observables == [
            Observable(.ipAddress, "172.17.0.153", field: "src_ip"),
            Observable(.ipAddress, "8.8.8.8", field: "dest_ip"),
            Observable(.domainName, "www.example.com", field: "dns.rrname"),
            Observable(.domainName, "cdn.example.net", field: "dns.answers.rdata"),
            Observable(.ipAddress, "93.184.216.34", field: "dns.answers.rdata"),
        ])
    }

    @Test func dnsQueryArray() throws {
        let line = """
            {"timestamp":"2017-03-06T06:54:06.047429+0000","event_type":"dns","src_ip":"10.0.0.10",\
            "dns":{"query":[{"type":"query","rrname":"a.example.org"}]}}
            """
        #expect(Self.event(line)?.observables == [
            Observable(.ipAddress, "10.0.0.10", field: "src_ip"),
            Observable(.domainName, "a.example.org", field: "dns.query.rrname"),
        ])
    }

    @Test func httpEventObservables() throws {
        let line = """
            {"timestamp":"2022-11-18T01:14:28.082181+0100","flow_id":846976090214479,"event_type":"http",\
            "src_ip":"172.17.0.153","src_port":50963,"dest_ip":"8.252.104.254","dest_port":80,"proto":"TCP",\
            "tx_id":0,"http":{"hostname":"ctldl.windowsupdate.com",\
            "url":"/msdownload/update/v3/static/trustedr/en/disallowedcertstl.cab?43ba90983cc73a89",\
            "http_method":"GET","status":304}}
            """
        #expect(Self.event(line)?.observables == [
            Observable(.ipAddress, "172.17.0.153", field: "src_ip"),
            Observable(.ipAddress, "8.252.104.254", field: "dest_ip"),
            Observable(.domainName, "ctldl.windowsupdate.com", field: "http.hostname"),
            Observable(.url, "http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/disallowedcertstl.cab?43ba90983cc73a89",
                       field: "http.url"),
        ])
    }

    @Test func fileinfoHashesAndTlsName() throws {
        let line = """
            {"timestamp":"2011-03-12T22:33:17.595416+0000","event_type":"fileinfo","src_ip":"192.168.24.201",\
            "dest_ip":"192.168.24.201","tls":{"sni":"Files.Example.net"},\
            "fileinfo":{"filename":"a.exe","md5":"D41D8CD98F00B204E9800998ECF8427E",\
            "sha1":"DA39A3EE5E6B4B0D3255BFEF95601890AFD80709",\
            "sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":0}}
            """
        #expect(Self.event(line)?.observables == [
            Observable(.ipAddress, "192.168.24.201", field: "src_ip"),
            Observable(.domainName, "files.example.net", field: "tls.sni"),
            Observable(.md5, "d41d8cd98f00b204e9800998ecf8427e", field: "fileinfo.md5"),
            Observable(.sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709", field: "fileinfo.sha1"),
            Observable(.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                       field: "fileinfo.sha256"),
        ])
    }

    @Test func smtpAddresses() throws {
        let line = """
            {"timestamp":"2011-03-12T22:33:17.595416+0000","event_type":"smtp",\
            "smtp":{"mail_from":"<alice@example.com>","rcpt_to":["<bob@example.org>","<bob@example.org>"]},\
            "email":{"from":"Alice <alice@example.com>","to":["Carol <carol@example.net>"]}}
            """
        #expect(Self.event(line)?.observables == [
            Observable(.emailAddress, "alice@example.com", field: "smtp.mail_from"),
            Observable(.emailAddress, "bob@example.org", field: "smtp.rcpt_to"),
            Observable(.emailAddress, "carol@example.net", field: "email.to"),
        ])
    }

    @Test func unknownTypeIsAnEvent() throws {
        let event = try #require(Self.event(#"{"timestamp":"2023-04-07T00:21:01.318245+0800","event_type":"quic"}"#))
        #expect(event.type == "quic")
        #expect(event.observables.isEmpty)
    }

    @Test func statsAreSkipped() {
        let line = #"{"timestamp":"2017-01-30T16:12:34.000000+0100","event_type":"stats","stats":{"uptime":8}}"#
        #expect(Self.read(line) == .success(.skipped(type: "stats")))
    }

    // MARK: - Failures

    @Test(arguments: [
        ("{\"timestamp\": ", "malformed JSON: "),
        ("[1, 2]", "expected an EVE JSON object, found array"),
        ("", "malformed JSON: "),
        (#"{"timestamp":"2017-01-30T16:12:34+0100"}"#, "missing 'event_type'"),
        (#"{"timestamp":"2017-01-30T16:12:34+0100","event_type":3}"#,
         "'event_type' must be a non-empty string, found number"),
        (#"{"event_type":"dns"}"#, "missing 'timestamp'"),
        (#"{"event_type":"dns","timestamp":"yesterday"}"#, "'timestamp' is not an ISO 8601 date-time: \"yesterday\""),
        (#"{"event_type":"alert","timestamp":"2017-01-30T16:12:34+0100"}"#, "alert record without an 'alert' object"),
    ])
    func failures(_ line: String, _ message: String) {
        guard case .failure(let error) = Self.read(line, lineNumber: 12) else {
            Issue.record("expected a failure for \(line)")
            return
        }
        #expect(error.line == 12)
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    // MARK: - Shared data

    /// Every EVE sample in `suricata/` reads without a failure, with the event counts of the data README.
    @Test(.enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func sharedSamples() throws {
        let folder = TestData.url("suricata")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var lineCounts: [String: Int] = [:]
        var singleCounts: [String: Int] = [:]
        var failures: [String] = []
        var alertIds: Set<String> = []
        var alerts = 0
        var lines = 0

        func count(_ result: Result<ConnectorRecord, ConnectorError>, name: String, into counts: inout [String: Int]) {
            switch result {
            case .success(.alert(let alert)):
                counts["alert", default: 0] += 1
                alerts += 1
                if let problem = alert.ingestionProblem { failures.append("\(name): \(problem)") }
                if let id = alert.id { alertIds.insert(id) }
            case .success(.event(let event)):
                counts[event.type, default: 0] += 1
            case .success(.skipped(let type)):
                counts[type, default: 0] += 1
            case .failure(let error):
                failures.append("\(name): \(error)")
            }
        }

        for name in names {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            if name.hasPrefix("telegraf_v2_") {
                count(SuricataConnector.read(line: bytes, lineNumber: nil), name: name, into: &singleCounts)
                continue
            }
            for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
                where !line.isEmpty
            {
                lines += 1
                count(SuricataConnector.read(line: line, lineNumber: index + 1), name: name, into: &lineCounts)
            }
        }

        #expect(failures.isEmpty, "\(failures.prefix(10))")
        #expect(lines == 16_275)
        #expect(lineCounts == [
            "fileinfo": 4_926, "alert": 4_035, "dns": 2_954, "flow": 2_575, "tls": 748, "smb": 477,
            "dcerpc": 265, "stats": 96, "http": 87, "krb5": 60, "dhcp": 41, "anomaly": 11,
        ])
        #expect(singleCounts == ["alert": 1, "dns": 1, "drop": 1, "flow": 1, "http": 1])
        #expect(alerts == 4_036)
        // 24 NDJSON alert lines are exact repeats of others; every distinct alert gets its own id.
        #expect(alertIds.count == 4_012)
    }
}
