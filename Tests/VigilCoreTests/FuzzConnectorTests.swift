import Testing
import VigilTesting
@testable import VigilCore

/// Seeded random input for the connectors (CEF, Suricata EVE, Wazuh, Zeek JSON and TSV, generic JSON
/// events): each answers every record with a record or a `ConnectorError` carrying the record's line, never
/// a trap or a hang; an alert has what the pipeline relies on (id, vendor information, severity, status)
/// and survives its wire form; an event's fields and observables are usable; the same input gives the same
/// answer.
extension FuzzHarnesses {
@Suite("Fuzz: connectors")
struct FuzzConnectorTests {
    /// Checks one connector answer for a record read from line `line`.
    static func check(_ result: Result<ConnectorRecord, ConnectorError>, source: String, line: Int?, _ fuzzCase: FuzzCase) {
        switch result {
        case .failure(let error):
            #expect(error.line == line, "error on line \(error.line.map(String.init) ?? "-") for line \(line.map(String.init) ?? "-"): \(fuzzCase)")
            #expect(!error.message.isEmpty, "an error without a message: \(fuzzCase)")
        case .success(.alert(let alert)):
            #expect(alert.id?.isEmpty == false, "an alert without id: \(fuzzCase)")
            #expect(alert.vendorInformation != nil && alert.severity != nil && alert.status != nil,
                    "an alert without vendor, severity or status: \(fuzzCase)")
            let wire = JSONWriter.bytes(.object(alert.jsonObject))
            guard case .object(let object)? = try? JSONParser.parse(wire) else {
                Issue.record("the alert's JSON does not parse: \(FuzzCase.escaped(wire)): \(fuzzCase)")
                return
            }
            #expect(Alert(jsonObject: object) == alert, "the alert changes through its JSON: \(fuzzCase)")
        case .success(.event(let event)):
            #expect(event.source == source, "event source \(event.source): \(fuzzCase)")
            #expect(event.observables.allSatisfy { !$0.value.isEmpty }, "an empty observable: \(fuzzCase)")
            let wire = JSONWriter.bytes(.object(event.fields))
            #expect((try? JSONParser.parse(wire)) == .object(event.fields), "the event's fields change through JSON: \(fuzzCase)")
        case .success(.skipped):
            break
        }
    }

    static let jsonTokens = ["{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e400", "\"\"", "\"10.0.0.1\"",
                             "\"::ffff:192.0.2.1\"", "\"fe80::1%eth0\"", "\"999.1.1.1\"", "\"http://\"", "\"a@b\"",
                             "\"2024-02-30T00:00:00Z\"", "\"9999-12-31T23:59:59.999999999+14:00\"", "\\u0000"]

    // MARK: - CEF

    static let cefLines = [
        CEFConnectorTests.fullLine,
        "CEF:1|Acme|Gate|2.3|sig-9|Port scan|Medium|",
        #"CEF:0|Ven\|dor|Prod\\uct|1.0|id\=1|a \| b \\ c|3|k=v"#,
        #"CEF:0|V|P|1|s|n|1|a=x\=y b=C:\\dir\\file c=line1\nline2\rend d=keep\t e=pipe|ok"#,
        "<134>Jan  5 10:00:00 fw-01 CEF:0|V|P|1|s|n|5|src=10.1.1.1 rt=Jan 05 2024 10:00:00 start=1700000000000",
        "<165>1 2024-03-01T12:30:45.5+01:00 ids.example.net cef - ID47 - CEF:0|V|P|1|s|n|8|dst=10.0.0.2 end=Feb 29 2024 10:00:00 UTC",
        "CEF:0|V|P|1|s|n|Very-High|shost=192.168.0.5 dhost=8.8.8.8 dvchost=fw.example dvc=172.16.0.1 cs1Label=x cs1=y",
    ]
    static let cefMutator = FuzzMutator(seeds: cefLines, tokens: jsonTokens + ["|", "\\|", "\\=", "=", " rt=", " src=",
                                                                                 "CEF:", "<999>", " msg=", "\\"])

    @Test("CEF: messages and syslog lines")
    func cef() {
        Fuzz.run("connector.cef", iterations: 1500, input: { Self.cefMutator.input(&$0) }) { fuzzCase, _ in
            let result = CEFConnector.read(line: fuzzCase.input, lineNumber: 4)
            Self.check(result, source: CEFConnector.source, line: 4, fuzzCase)
            #expect(CEFConnector.read(line: fuzzCase.input, lineNumber: 4) == result, "not deterministic: \(fuzzCase)")
            if let message = try? CEFMessage.parse(fuzzCase.text) {
                _ = CEFConnector.observables(in: message)
            }
        }
    }

    // MARK: - Suricata

    static let suricataLines = [
        SuricataConnectorTests.alertLine,
        #"{"timestamp":"2022-11-18T00:15:50.927817+0100","flow_id":1,"event_type":"dns","src_ip":"172.17.0.153","dest_ip":"8.8.8.8","dns":{"type":"answer","rrname":"WWW.Example.COM.","answers":[{"rrtype":"A","rdata":"93.184.216.34"}]}}"#,
        #"{"timestamp":"2017-03-06T06:54:06.047429+0000","event_type":"dns","src_ip":"10.0.0.10","dns":{"query":[{"type":"query","rrname":"a.example.org"}]}}"#,
        #"{"timestamp":"2022-11-18T01:14:28.082181+0100","event_type":"http","src_ip":"172.17.0.153","dest_ip":"8.252.104.254","http":{"hostname":"ctl.example.com","url":"/a?b","http_method":"GET","status":304}}"#,
        #"{"timestamp":"2011-03-12T22:33:17.595416+0000","event_type":"fileinfo","src_ip":"192.168.24.201","tls":{"sni":"Files.Example.net"},"fileinfo":{"filename":"a.exe","md5":"D41D8CD98F00B204E9800998ECF8427E","size":0}}"#,
        #"{"timestamp":"2024-12-18T19:35:55.534717-0500","pcap_cnt":42,"event_type":"alert","src_ip":"2001:db8::1","dest_ip":"fe80::1","alert":{"signature_id":1,"signature":"x","severity":3}}"#,
        #"{"timestamp":"2024-01-01T00:00:00Z","event_type":"stats","stats":{"uptime":1}}"#,
    ]
    static let suricataMutator = FuzzMutator(seeds: suricataLines, tokens: jsonTokens + ["\"event_type\":\"alert\"",
                                                                                       "\"alert\":{}", "\"flow_id\":"])

    @Test("Suricata: EVE JSON lines")
    func suricata() {
        Fuzz.run("connector.suricata", iterations: 2500, input: { Self.suricataMutator.input(&$0) }) { fuzzCase, _ in
            let result = SuricataConnector.read(line: fuzzCase.input, lineNumber: 9)
            Self.check(result, source: SuricataConnector.source, line: 9, fuzzCase)
            #expect(SuricataConnector.read(line: fuzzCase.input, lineNumber: 9) == result, "not deterministic: \(fuzzCase)")
        }
    }

    // MARK: - Wazuh

    static let wazuhMutator = FuzzMutator(seeds: FuzzHarnesses.FuzzJSONTests.wazuhLines, tokens: jsonTokens + [
        "\"level\":", "\"rule\":{", "\"agent\":{\"ip\":", "\"timestamp\":", "\"srcip\":", "\"mitre\":{\"id\":["])

    @Test("Wazuh: alerts.json lines")
    func wazuh() {
        Fuzz.run("connector.wazuh", iterations: 2500, input: { Self.wazuhMutator.input(&$0) }) { fuzzCase, _ in
            let result = WazuhConnector.read(line: fuzzCase.input, lineNumber: 2)
            Self.check(result, source: "wazuh", line: 2, fuzzCase)
            #expect(WazuhConnector.read(line: fuzzCase.input, lineNumber: 2) == result, "not deterministic: \(fuzzCase)")
        }
    }

    // MARK: - Zeek

    static let zeekLines = [
        #"{"_path":"dns","ts":1521911720.5,"uid":"CD1","id.orig_h":"10.0.0.1","id.orig_p":5353,"id.resp_h":"8.8.8.8","id.resp_p":53,"query":"WWW.Example.COM","answers":["example-cdn.net","93.184.216.34","TXT 5 hello"]}"#,
        #"{"ts":"2018-03-24T17:15:20.629574Z","uid":"CH1","id.orig_h":"192.168.1.5","id.resp_h":"203.0.113.7","method":"GET","host":"Evil.Example.org:8080","uri":"/download/payload.exe?x=1","referrer":"https://search.example.net/q?a=b"}"#,
        #"{"_path":"files","ts":1521911730,"fuid":"F1","tx_hosts":["203.0.113.7"],"rx_hosts":["192.168.1.5"],"md5":"D41D8CD98F00B204E9800998ECF8427E"}"#,
        #"{"_path":"notice","ts":1521911740.25,"note":"Scan::Port_Scan","msg":"scan","src":"10.0.0.9","dst":"10.0.0.10","p":22,"actions":["Notice::ACTION_LOG"]}"#,
        #"{"_path":"conn","ts":1e10,"uid":"C1","id.orig_h":"::1","id.resp_h":"fe80::1%eth0"}"#,
    ]
    static let zeekMutator = FuzzMutator(seeds: zeekLines, tokens: jsonTokens + ["\"_path\":", "\"ts\":", "\"note\":"])

    @Test("Zeek: JSON log lines")
    func zeekJSON() {
        Fuzz.run("connector.zeek.json", iterations: 2000, input: { Self.zeekMutator.input(&$0) }) { fuzzCase, random in
            let path = random.element(of: ["conn", "http", "notice", "", "dns"])
            let result = ZeekConnector.read(jsonLine: fuzzCase.input, path: path, lineNumber: 5)
            Self.check(result, source: ZeekConnector.source, line: 5, fuzzCase)
            #expect(ZeekConnector.read(jsonLine: fuzzCase.input, path: path, lineNumber: 5) == result,
                    "not deterministic: \(fuzzCase)")
        }
    }

    static let tsvMutator = FuzzMutator(seeds: [ZeekConnectorTests.connTSV, [
        "#separator \\x09", "#set_separator\t|", "#empty_field\t(empty)", "#unset_field\t-", "#path\tnotice",
        "#fields\tts\tuid\tnote\tmsg\tsrc\tdst\tp", "#types\ttime\tstring\tenum\tstring\taddr\taddr\tport",
        "1521911800.25\tC1\tScan::Port_Scan\tscan\\x09x\t10.0.0.5\t192.0.2.10\t22",
    ].joined(separator: "\n")], tokens: ["\t", "\n", "#separator \\x2c\n", "#fields\t", "#types\t", "(empty)", "-",
                                        "\\x", "\\x0", "set[string]", "vector[addr]", "time", "count", "1e309"],
                                        brackets: [("set[", "]"), ("vector[", "]")])

    @Test("Zeek: TSV logs")
    func zeekTSV() {
        Fuzz.run("connector.zeek.tsv", iterations: 800, input: { Self.tsvMutator.input(&$0) }) { fuzzCase, _ in
            let results = ZeekConnector.read(tsv: fuzzCase.text)
            for result in results {
                if case .failure(let error) = result {
                    #expect(error.line.map { $0 >= 1 } ?? true, "error line \(error.line ?? 0): \(fuzzCase)")
                } else {
                    Self.check(result, source: ZeekConnector.source, line: nil, fuzzCase)
                }
            }
            #expect(ZeekConnector.read(tsv: fuzzCase.text) == results, "not deterministic: \(fuzzCase)")
        }
    }

    // MARK: - Generic events

    static let eventBodies = JSONDocumentSplitterTests.bodies + [
        #"{"Event":{"System":{"EventID":4625,"Channel":"Security","Computer":"ws1","TimeCreated":{"SystemTime":"2024-03-01T10:00:00.000Z"}},"EventData":{"TargetUserName":"Administrator","IpAddress":"198.51.100.23","Hashes":"SHA256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855,MD5=D41D8CD98F00B204E9800998ECF8427E"}}}"#,
        "[{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"src_ip\":\"10.1.1.1\",\"query\":\"evil.example\",\"url\":\"http://x.example/a\"},\n{\"type\":\"syslog\",\"sender\":\"a@b.example\"}]",
        FuzzHarnesses.FuzzJSONTests.wazuhLines.prefix(2).joined(separator: "\n"),
    ]
    static let eventMutator = FuzzMutator(seeds: eventBodies, tokens: jsonTokens + ["\n", "\"value\":[", "\u{FEFF}"],
                                          brackets: [("[", "]"), ("{\"a\":", "}"), ("{\"value\":[", "]}")])

    @Test("Generic events: bodies of any shape")
    func events() {
        Fuzz.run("connector.events", iterations: 1500, input: { Self.eventMutator.input(&$0) }) { fuzzCase, _ in
            let results = GenericEventConnector.read(body: fuzzCase.input)
            let documents = JSONDocuments.objects(fuzzCase.input)
            #expect(results.count == documents.count, "\(results.count) records for \(documents.count) documents: \(fuzzCase)")
            for (result, document) in zip(results, documents) {
                switch document {
                case .success(let found): Self.check(result, source: GenericEventConnector.source, line: found.line, fuzzCase)
                case .failure(let error): Self.check(result, source: GenericEventConnector.source, line: error.line, fuzzCase)
                }
            }
        }
    }
}
}
