import Foundation
import Testing
@testable import VigilCore

/// The event of a result, or `nil` (recorded as a test issue) when it is anything else.
private func event(_ result: Result<ConnectorRecord, ConnectorError>?,
                   sourceLocation: SourceLocation = #_sourceLocation) -> SecurityEvent?
{
    guard case .success(.event(let event))? = result else {
        Issue.record("expected an event, got \(String(describing: result))", sourceLocation: sourceLocation)
        return nil
    }
    return event
}

/// The alert of a result, or `nil` (recorded as a test issue) when it is anything else.
private func alert(_ result: Result<ConnectorRecord, ConnectorError>?,
                   sourceLocation: SourceLocation = #_sourceLocation) -> Alert?
{
    guard case .success(.alert(let alert))? = result else {
        Issue.record("expected an alert, got \(String(describing: result))", sourceLocation: sourceLocation)
        return nil
    }
    return alert
}

/// The error of a result, or `nil` (recorded as a test issue) when it succeeded.
private func failure(_ result: Result<ConnectorRecord, ConnectorError>?,
                     sourceLocation: SourceLocation = #_sourceLocation) -> ConnectorError?
{
    guard case .failure(let error)? = result else {
        Issue.record("expected a failure, got \(String(describing: result))", sourceLocation: sourceLocation)
        return nil
    }
    return error
}

private func readJSON(_ text: String, path: String? = nil, line: Int? = 1) -> Result<ConnectorRecord, ConnectorError> {
    ZeekConnector.read(jsonLine: Array(text.utf8), path: path, lineNumber: line)
}

/// One TSV line from its columns.
private func tsvLine(_ columns: String...) -> String { columns.joined(separator: "\t") }

@Suite("Zeek connector")
struct ZeekConnectorTests {
    // MARK: TSV

    /// A conn log in Zeek's default ASCII format, written by hand after Zeek 6 output.
    static let connTSV = [
        "#separator \\x09",
        tsvLine("#set_separator", ","),
        tsvLine("#empty_field", "(empty)"),
        tsvLine("#unset_field", "-"),
        tsvLine("#path", "conn"),
        tsvLine("#open", "2018-03-24-17-15-20"),
        tsvLine("#fields", "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
                "duration", "orig_bytes", "local_orig", "tunnel_parents", "history_list", "note_text"),
        tsvLine("#types", "time", "string", "addr", "port", "addr", "port", "enum", "string", "interval", "count",
                "bool", "set[string]", "vector[string]", "string"),
        tsvLine("1521911720.629574", "CmC9kY1X0u9nP78KZc", "10.164.94.120", "39611", "10.47.3.200", "443", "tcp",
                "-", "0.5", "1024", "T", "(empty)", "a,b\\x2cc", "tab\\x09here"),
        tsvLine("1521911721.000001", "C2", "fe80::1", "5353", "ff02::fb", "5353", "udp", "dns", "-", "-", "F",
                "Cx1,Cx2", "(empty)", "(empty)"),
        tsvLine("#close", "2018-03-24-17-16-00"),
    ].joined(separator: "\n") + "\n"

    @Test func tsvConnLogFieldByField() throws {
        let results = ZeekConnector.read(tsv: Self.connTSV)
        try #require(results.count == 2)
        let first = try #require(event(results[0]))
        #expect(first.source == "zeek")
        #expect(first.type == "conn")
        #expect(first.time == DateTimeOffset(secondsSinceEpoch: 1_521_911_720, nanoseconds: 629_574_000))
        #expect(first.fields["ts"] == .double(1521911720.629574))
        #expect(first.fields["uid"] == .string("CmC9kY1X0u9nP78KZc"))
        #expect(first.fields["id.orig_h"] == .string("10.164.94.120"))
        #expect(first.fields["id.orig_p"] == .int(39611))
        #expect(first.fields["id.resp_h"] == .string("10.47.3.200"))
        #expect(first.fields["id.resp_p"] == .int(443))
        #expect(first.fields["proto"] == .string("tcp"))
        #expect(first.fields["service"] == nil)
        #expect(first.fields["duration"] == .double(0.5))
        #expect(first.fields["orig_bytes"] == .int(1024))
        #expect(first.fields["local_orig"] == .bool(true))
        #expect(first.fields["tunnel_parents"] == .array([]))
        #expect(first.fields["history_list"] == .array([.string("a"), .string("b,c")]))
        #expect(first.fields["note_text"] == .string("tab\there"))
        #expect(first.fields.count == 13)
        #expect(first.observables == [
            Observable(.ipAddress, "10.164.94.120", field: "id.orig_h"),
            Observable(.ipAddress, "10.47.3.200", field: "id.resp_h"),
        ])

        let second = try #require(event(results[1]))
        #expect(second.time == DateTimeOffset(secondsSinceEpoch: 1_521_911_721, nanoseconds: 1000))
        #expect(second.fields["service"] == .string("dns"))
        #expect(second.fields["duration"] == nil)
        #expect(second.fields["orig_bytes"] == nil)
        #expect(second.fields["local_orig"] == .bool(false))
        #expect(second.fields["tunnel_parents"] == .array([.string("Cx1"), .string("Cx2")]))
        #expect(second.fields["history_list"] == .array([]))
        #expect(second.fields["note_text"] == .string(""))
        #expect(second.observables.map(\.description) == ["ipAddress:fe80::1", "ipAddress:ff02::fb"])
    }

    @Test func tsvWithTwoHeaderBlocks() throws {
        let dnsBlock = [
            "#separator \\x09",
            tsvLine("#set_separator", "|"),
            tsvLine("#empty_field", "(empty)"),
            tsvLine("#unset_field", "-"),
            tsvLine("#path", "dns"),
            tsvLine("#fields", "ts", "uid", "id.orig_h", "id.resp_h", "query", "answers", "rejected"),
            tsvLine("#types", "time", "string", "addr", "addr", "string", "vector[string]", "bool"),
            tsvLine("1521911800.25", "CD1", "10.0.0.5", "10.0.0.53", "Mail.Example.COM", "mx.example.com|192.0.2.10", "F"),
        ].joined(separator: "\n")
        let results = ZeekConnector.read(tsv: Self.connTSV + dnsBlock)
        try #require(results.count == 3)
        #expect(event(results[0])?.type == "conn")
        #expect(event(results[1])?.type == "conn")
        let dns = try #require(event(results[2]))
        #expect(dns.type == "dns")
        #expect(dns.fields["answers"] == .array([.string("mx.example.com"), .string("192.0.2.10")]))
        #expect(dns.fields["rejected"] == .bool(false))
        #expect(dns.time == DateTimeOffset(secondsSinceEpoch: 1_521_911_800, nanoseconds: 250_000_000))
        #expect(dns.observables == [
            Observable(.ipAddress, "10.0.0.5", field: "id.orig_h"),
            Observable(.ipAddress, "10.0.0.53", field: "id.resp_h"),
            Observable(.domainName, "mail.example.com", field: "query"),
            Observable(.domainName, "mx.example.com", field: "answers"),
            Observable(.ipAddress, "192.0.2.10", field: "answers"),
        ])
    }

    @Test func tsvWrongColumnCountFailsAlone() throws {
        let text = [
            "#separator \\x09",
            tsvLine("#path", "conn"),
            tsvLine("#fields", "ts", "uid", "id.orig_h"),
            tsvLine("#types", "time", "string", "addr"),
            tsvLine("1.0", "C1", "10.0.0.1"),
            tsvLine("2.0", "C2"),
            tsvLine("3.0", "C3", "10.0.0.3"),
        ].joined(separator: "\n")
        let results = ZeekConnector.read(tsv: text)
        try #require(results.count == 3)
        #expect(event(results[0])?.fields["uid"] == .string("C1"))
        let error = try #require(failure(results[1]))
        #expect(error.line == 6)
        #expect(error.message == "the line has 2 columns but '#fields' names 3")
        #expect(event(results[2])?.fields["uid"] == .string("C3"))
    }

    @Test func tsvDataBeforeFieldsFails() throws {
        let text = [
            tsvLine("1.0", "C1", "10.0.0.1"),
            "#separator \\x09",
            tsvLine("#path", "conn"),
            tsvLine("#fields", "ts", "uid", "id.orig_h"),
            tsvLine("#types", "time", "string", "addr"),
            tsvLine("2.0", "C2", "10.0.0.2"),
        ].joined(separator: "\n")
        let results = ZeekConnector.read(tsv: text)
        try #require(results.count == 2)
        let error = try #require(failure(results[0]))
        #expect(error.line == 1)
        #expect(error.message.contains("before any '#fields'"))
        #expect(event(results[1])?.fields["uid"] == .string("C2"))
    }

    @Test func tsvTypesNotMatchingFieldsFailTheBlock() throws {
        let text = [
            "#separator \\x09",
            tsvLine("#path", "conn"),
            tsvLine("#fields", "ts", "uid"),
            tsvLine("#types", "time"),
            tsvLine("1.0", "C1"),
            "#separator \\x09",
            tsvLine("#path", "conn"),
            tsvLine("#fields", "ts", "uid"),
            tsvLine("#types", "time", "string"),
            tsvLine("2.0", "C2"),
        ].joined(separator: "\n")
        let results = ZeekConnector.read(tsv: text)
        try #require(results.count == 3)
        #expect(failure(results[0])?.line == 4)
        #expect(failure(results[0])?.message == "'#types' names 1 types but '#fields' names 2 fields")
        #expect(failure(results[1])?.line == 5)
        #expect(event(results[2])?.fields["uid"] == .string("C2"))
    }

    @Test func tsvBadTypedValueFailsTheLine() throws {
        let text = [
            "#separator \\x09",
            tsvLine("#path", "conn"),
            tsvLine("#fields", "ts", "id.orig_p", "local_orig"),
            tsvLine("#types", "time", "port", "bool"),
            tsvLine("1.0", "http", "T"),
            tsvLine("1.0", "80", "yes"),
            tsvLine("-", "80", "T"),
        ].joined(separator: "\n")
        let results = ZeekConnector.read(tsv: text)
        try #require(results.count == 3)
        #expect(failure(results[0])?.message == "column 'id.orig_p': 'http' is not a port")
        #expect(failure(results[1])?.message == "column 'local_orig': 'yes' is not a bool (T or F)")
        #expect(failure(results[2])?.message == "the conn record has no 'ts'")
    }

    // MARK: JSON events

    @Test func jsonDNSObservables() throws {
        let line = """
            {"_path":"dns","ts":1521911720.5,"uid":"CD1","id.orig_h":"10.0.0.1","id.orig_p":5353,\
            "id.resp_h":"8.8.8.8","id.resp_p":53,"proto":"udp","query":"WWW.Example.COM",\
            "answers":["example-cdn.net","93.184.216.34","2606:2800:220:1:248:1893:25C8:1946","TXT 5 hello","8.8.8.8"]}
            """
        let dns = try #require(event(readJSON(line, path: "conn")))
        #expect(dns.type == "dns") // `_path` wins over the given path
        #expect(dns.time == DateTimeOffset(secondsSinceEpoch: 1_521_911_720, nanoseconds: 500_000_000))
        #expect(dns.fields["id.resp_p"] == .int(53))
        #expect(dns.observables == [
            Observable(.ipAddress, "10.0.0.1", field: "id.orig_h"),
            Observable(.ipAddress, "8.8.8.8", field: "id.resp_h"),
            Observable(.domainName, "www.example.com", field: "query"),
            Observable(.domainName, "example-cdn.net", field: "answers"),
            Observable(.ipAddress, "93.184.216.34", field: "answers"),
            Observable(.ipAddress, "2606:2800:220:1:248:1893:25C8:1946", field: "answers"),
        ])
    }

    @Test func jsonHTTPObservablesWithPathFromCaller() throws {
        let line = """
            {"ts":"2018-03-24T17:15:20.629574Z","uid":"CH1","id.orig_h":"192.168.1.5","id.orig_p":50000,\
            "id.resp_h":"203.0.113.7","id.resp_p":8080,"method":"GET","host":"Evil.Example.org:8080",\
            "uri":"/download/payload.exe?x=1","referrer":"https://search.example.net/q?a=b"}
            """
        let http = try #require(event(readJSON(line, path: "http")))
        #expect(http.type == "http")
        #expect(http.time == DateTimeOffset("2018-03-24T17:15:20.629574Z"))
        #expect(http.observables == [
            Observable(.ipAddress, "192.168.1.5", field: "id.orig_h"),
            Observable(.ipAddress, "203.0.113.7", field: "id.resp_h"),
            Observable(.domainName, "evil.example.org", field: "host"),
            Observable(.url, "http://Evil.Example.org:8080/download/payload.exe?x=1", field: "uri"),
            Observable(.url, "https://search.example.net/q?a=b", field: "referrer"),
        ])
    }

    @Test func jsonFilesObservables() throws {
        let line = """
            {"_path":"files","ts":1521911730,"fuid":"F1","tx_hosts":["203.0.113.7"],"rx_hosts":["192.168.1.5"],\
            "md5":"D41D8CD98F00B204E9800998ECF8427E","sha1":"da39a3ee5e6b4b0d3255bfef95601890afd80709",\
            "sha256":"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855","mime_type":"text/plain"}
            """
        let files = try #require(event(readJSON(line)))
        #expect(files.time == DateTimeOffset(secondsSinceEpoch: 1_521_911_730))
        #expect(files.observables == [
            Observable(.md5, "d41d8cd98f00b204e9800998ecf8427e", field: "md5"),
            Observable(.sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709", field: "sha1"),
            Observable(.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", field: "sha256"),
            Observable(.ipAddress, "203.0.113.7", field: "tx_hosts"),
            Observable(.ipAddress, "192.168.1.5", field: "rx_hosts"),
        ])
    }

    @Test func jsonSMTPObservables() throws {
        let line = """
            {"_path":"smtp","ts":1521911740.25,"uid":"CS1","id.orig_h":"10.164.94.120","id.orig_p":38041,\
            "id.resp_h":"10.47.8.208","id.resp_p":25,"mailfrom":"<Alice@Example.com>",\
            "rcptto":["<bob@example.org>","carol@example.org"],"from":"\\"Alice A.\\" <Alice@Example.com>",\
            "to":["Bob <bob@example.org>","Dave <dave@example.net>","undisclosed-recipients:;"],\
            "x_originating_ip":"198.51.100.9","path":["10.47.8.208","10.164.94.120"]}
            """
        let smtp = try #require(event(readJSON(line)))
        #expect(smtp.observables == [
            Observable(.ipAddress, "10.164.94.120", field: "id.orig_h"),
            Observable(.ipAddress, "10.47.8.208", field: "id.resp_h"),
            Observable(.emailAddress, "Alice@Example.com", field: "mailfrom"),
            Observable(.emailAddress, "bob@example.org", field: "rcptto"),
            Observable(.emailAddress, "carol@example.org", field: "rcptto"),
            Observable(.emailAddress, "dave@example.net", field: "to"),
            Observable(.ipAddress, "198.51.100.9", field: "x_originating_ip"),
        ])
    }

    @Test func jsonFTPAndX509AndNTLMObservables() throws {
        let ftp = try #require(event(readJSON("""
            {"_path":"ftp","ts":1.0,"uid":"CF","id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","command":"RETR","arg":"/pub/a.txt"}
            """)))
        #expect(ftp.observables.last == Observable(.url, "ftp://10.0.0.2/pub/a.txt", field: "arg"))
        let ftpURL = try #require(event(readJSON("""
            {"_path":"ftp","ts":1.0,"uid":"CF","id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","command":"STOR","arg":"ftp://10.0.0.2/up"}
            """)))
        #expect(ftpURL.observables.last == Observable(.url, "ftp://10.0.0.2/up", field: "arg"))
        let ftpList = try #require(event(readJSON("""
            {"_path":"ftp","ts":1.0,"uid":"CF","id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","command":"LIST","arg":"/pub"}
            """)))
        #expect(ftpList.observables.count == 2)

        let x509 = try #require(event(readJSON("""
            {"_path":"x509","ts":1.0,"certificate.subject":"CN=WWW.Example.com,O=Example\\\\, Inc,C=US",\
            "san.dns":["*.example.com","www.example.com"],"san.ip":["192.0.2.1","fe80::1"]}
            """)))
        #expect(x509.observables == [
            Observable(.domainName, "www.example.com", field: "certificate.subject"),
            Observable(.domainName, "example.com", field: "san.dns"),
            Observable(.ipAddress, "192.0.2.1", field: "san.ip"),
            Observable(.ipAddress, "fe80::1", field: "san.ip"),
        ])

        let ntlm = try #require(event(readJSON("""
            {"_path":"ntlm","ts":1.0,"id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","server_dns_computer_name":"Kramer.Jerry.land"}
            """)))
        #expect(ntlm.observables.last == Observable(.domainName, "kramer.jerry.land", field: "server_dns_computer_name"))
        let ntlmShort = try #require(event(readJSON("""
            {"_path":"ntlm","ts":1.0,"id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","server_dns_computer_name":"CottonCandy"}
            """)))
        #expect(ntlmShort.observables.count == 2)

        let software = try #require(event(readJSON("""
            {"_path":"software","ts":1.0,"host":"10.164.94.120","name":"MSIE"}
            """)))
        #expect(software.observables == [Observable(.ipAddress, "10.164.94.120", field: "host")])
    }

    // MARK: Notice

    @Test func noticeBecomesAlert() throws {
        let line = """
            {"_path":"notice","ts":"2018-03-24T17:15:20.629574Z","uid":"CmC9kY1X0u9nP78KZc",\
            "id.orig_h":"10.164.94.120","id.orig_p":39611,"id.resp_h":"10.47.3.200","id.resp_p":443,\
            "fuid":"FGP2jt4dhD3bYZ923k","proto":"tcp","note":"SSL::Invalid_Server_Cert",\
            "msg":"SSL certificate validation failed","sub":"CN=localhost.localdomain",\
            "src":"10.164.94.120","dst":"10.47.3.200","p":443,"actions":["Notice::ACTION_LOG"]}
            """
        let notice = try #require(alert(readJSON(line)))
        let time = DateTimeOffset("2018-03-24T17:15:20.629574Z")
        #expect(notice.id == "zeek-CmC9kY1X0u9nP78KZc-SSL::Invalid_Server_Cert")
        #expect(notice.title == "SSL::Invalid_Server_Cert")
        #expect(notice.description == "SSL certificate validation failed (CN=localhost.localdomain)")
        #expect(notice.severity == .medium)
        #expect(notice.status == .newAlert)
        #expect(notice.category == "SSL")
        #expect(notice.eventDateTime == time)
        #expect(notice.createdDateTime == time)
        let connection = try #require(notice.networkConnections?.first)
        #expect(notice.networkConnections?.count == 1)
        #expect(connection.sourceAddress == "10.164.94.120")
        #expect(connection.sourcePort == "39611")
        #expect(connection.destinationAddress == "10.47.3.200")
        #expect(connection.destinationPort == "443")
        #expect(connection.protocol == .tcp)
        #expect(notice.hostStates?.map(\.privateIpAddress) == ["10.164.94.120", "10.47.3.200"])
        #expect(notice.hostStates?.allSatisfy { $0.publicIpAddress == nil } == true)
        #expect(notice.vendorInformation?.vendor == "Zeek")
        #expect(notice.vendorInformation?.provider == "Zeek")
        #expect(notice.ingestionProblem == nil)
    }

    @Test func noticeWithoutUIDGetsStableHashIDAndHighSeverity() throws {
        let line = """
            {"ts":1521911750.0,"note":"SSH::Password_Guessing","msg":"203.0.113.50 appears to be guessing passwords",\
            "src":"203.0.113.50","dst":"10.47.8.50","p":22}
            """
        let first = try #require(alert(readJSON(line, path: "notice")))
        let again = try #require(alert(readJSON(line, path: "notice")))
        let id = try #require(first.id)
        #expect(id == again.id)
        #expect(id.hasPrefix("zeek-") && id.hasSuffix("-SSH::Password_Guessing"))
        #expect(id.utf8.count == "zeek-".utf8.count + 16 + "-SSH::Password_Guessing".utf8.count)
        #expect(first.severity == .high)
        #expect(first.category == "SSH")
        #expect(first.description == "203.0.113.50 appears to be guessing passwords")
        #expect(first.networkConnections?.first?.sourcePort == nil)
        #expect(first.networkConnections?.first?.destinationPort == "22")
        #expect(first.networkConnections?.first?.protocol == nil)
        #expect(first.hostStates?.first?.publicIpAddress == "203.0.113.50")
        #expect(first.hostStates?.last?.privateIpAddress == "10.47.8.50")
        #expect(first.ingestionProblem == nil)

        let withFUID = try #require(alert(readJSON("""
            {"_path":"notice","ts":1.0,"fuid":"F9","note":"Scan::Port_Scan"}
            """)))
        #expect(withFUID.id == "zeek-F9-Scan::Port_Scan")
        #expect(withFUID.severity == .medium)
        #expect(withFUID.networkConnections == nil)
        #expect(withFUID.ingestionProblem == nil)
    }

    // MARK: Malformed

    @Test(arguments: [
        ("{not json", "malformed JSON"),
        ("[1,2]", "expected a Zeek JSON log object, found array"),
        ("\"conn\"", "expected a Zeek JSON log object, found string"),
        ("{\"_path\":\"conn\",\"uid\":\"C1\"}", "the conn record has no 'ts'"),
        ("{\"_path\":\"conn\",\"ts\":null}", "the conn record has no 'ts'"),
        ("{\"_path\":\"conn\",\"ts\":\"yesterday\"}", "'ts' is neither epoch seconds nor an ISO 8601 time"),
        ("{\"_path\":\"conn\",\"ts\":true}", "'ts' is neither epoch seconds nor an ISO 8601 time"),
        ("{\"ts\":1.0}", "the log type is unknown"),
        ("{\"_path\":\"notice\",\"ts\":1.0,\"uid\":\"C1\"}", "the notice record has no 'note'"),
    ])
    func malformedJSONFails(line: String, message: String) throws {
        let error = try #require(failure(readJSON(line, line: 7)))
        #expect(error.line == 7)
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    @Test func epochAndISOTimesAgree() {
        let epoch = ZeekConnector.timestamp(.double(1521911720.629574))
        let iso = ZeekConnector.timestamp(.string("2018-03-24T17:15:20.629574Z"))
        #expect(epoch != nil && epoch == iso)
        #expect(ZeekConnector.timestamp(.string("1521911720.629574")) == iso)
        #expect(ZeekConnector.timestamp(.double(1521911720.9999999)) == DateTimeOffset(secondsSinceEpoch: 1_521_911_721))
    }

    // MARK: Address classifier

    @Test(arguments: [
        ("10.0.0.1", true), ("255.255.255.255", true), ("256.1.1.1", false), ("1.2.3", false), ("1.2.3.4.5", false),
        ("::", true), ("::1", true), ("fe80::9d42:4c7d:e0dd:79e1", true), ("2001:db8::1:2:3:4:5", true),
        ("1:2:3:4:5:6:7:8", true), ("1:2:3:4:5:6:7:8:9", false), ("1::2::3", false), ("::ffff:192.0.2.1", true),
        ("12345::1", false), ("example.com", false), ("", false), ("g::1", false), ("fe80::1%eth0", false),
    ])
    func ipClassifier(text: String, isAddress: Bool) {
        #expect((IPAddressText(text) != nil) == isAddress)
    }

    @Test(arguments: [
        ("Example.COM", "example.com"), ("*.example.com", "example.com"), ("host.example.org.", "host.example.org"),
        ("localhost", nil), ("10.0.0.1", nil), ("1.2.3.4.5", nil), ("TXT 5 hello", nil), ("a..b", nil),
    ] as [(String, String?)])
    func domainClassifier(text: String, domain: String?) {
        #expect(ZeekObservables.domainName(text) == domain)
    }

    // MARK: Shared data

    static let dataDirectory = TestData.url("zeek")
    static var dataAvailable: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PROVENANCE.md").path)
    }

    /// The records per log type in `shared/data/zeek` (brimdata/zed-sample-data, WRCCDC captures).
    static let expectedCounts: [String: Int] = [
        "dce_rpc": 78, "ftp": 93, "kerberos": 11, "known_certs": 35, "known_hosts": 253, "known_services": 1579,
        "notice": 207, "ntlm": 422, "smb_mapping": 393, "smtp": 1188, "software": 376, "ssh": 22, "x509": 348,
    ]

    @Test(.enabled(if: ZeekConnectorTests.dataAvailable, TestData.unavailableReason))
    func everySharedLogLineParses() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.dataDirectory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 13)
        var counts: [String: Int] = [:]
        var alertIDs: Set<String> = []
        var kindsByType: Set<String> = []
        for file in files {
            let path = String(file.dropLast(".json".count))
            let data = try Data(contentsOf: Self.dataDirectory.appendingPathComponent(file))
            var lineNumber = 0
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                lineNumber += 1
                switch ZeekConnector.read(jsonLine: Array(line), path: path, lineNumber: lineNumber) {
                case .success(.event(let event)):
                    #expect(event.type == path)
                    #expect(path != "notice")
                    #expect(event.time != nil)
                    for observable in event.observables { kindsByType.insert("\(path):\(observable.kind)") }
                    counts[event.type, default: 0] += 1
                case .success(.alert(let alert)):
                    #expect(path == "notice")
                    #expect(alert.ingestionProblem == nil)
                    alertIDs.insert(alert.id ?? "")
                    counts["notice", default: 0] += 1
                case .success(.skipped(let type)):
                    Issue.record("\(file):\(lineNumber): skipped as \(type)")
                case .failure(let error):
                    Issue.record("\(file):\(lineNumber): \(error)")
                }
            }
        }
        #expect(counts == Self.expectedCounts)
        #expect(alertIDs.count == 207) // every notice has its own id
        #expect(kindsByType.isSuperset(of: [
            "dce_rpc:ipAddress", "ftp:url", "known_hosts:ipAddress", "ntlm:domainName", "smtp:emailAddress",
            "software:ipAddress", "x509:domainName", "x509:ipAddress",
        ]), "\(kindsByType.sorted())")
    }
}
